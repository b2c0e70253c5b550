package dev.tether.testkit;

import dev.tether.testkit.netns.NetworkNamespace;
import dev.tether.testkit.proxy.FaultProxies;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One JUnit 5 extension for every test resource, by field, the way Testcontainers manages
 * containers: a {@link Managed} {@code static} field lives for the whole class, an instance field
 * for each test method; resources start in declaration order and close in reverse, also when a test
 * or a start fails.
 *
 * <pre>{@code
 * @Testkit
 * class OrdersIT {
 *   @Managed static RedisServer redis = RedisServer.builder().requirePass("pw").build(); // per class
 *   @Managed static FaultProxies proxies;                    // null: FaultProxies.start() fills it
 *   @Managed RedisServer scratch;                            // null: a plain server per test
 *
 *   @Test void survivesAReset(RedisServer server) { ... }   // parameters resolve from the fields
 * }
 * }</pre>
 *
 * <p>What a field may hold: a {@link TestResource} (started, then closed; e.g. {@link RedisServer});
 * any other {@link AutoCloseable} (closed; e.g. {@link FaultProxies}, which runs once built); or
 * {@code null}, which is filled with a plain {@link RedisServer}, {@link FaultProxies#start()},
 * {@link NetworkNamespace#create()} (which skips the tests where namespaces cannot be made), or for
 * other types a new instance from a no-argument constructor. A test method, lifecycle
 * method or constructor parameter whose type only one managed field matches receives that field's
 * value. Lifecycle calls come from JUnit; the fields are set before the test instance sees them.
 */
public final class TestResources
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestResources.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    startAll(context, null, fields(context.getRequiredTestClass(), true));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      startAll(context, instance, fields(instance.getClass(), false));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeAll(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return matching(parameter, context).size() == 1;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return matching(parameter, context).get(0);
  }

  private static List<Object> matching(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    List<Object> found = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      for (Object value : opened(c)) {
        if (type.isInstance(value) && !found.contains(value)) {
          found.add(value);
        }
      }
    }
    return found;
  }

  private static void startAll(ExtensionContext context, Object instance, List<Field> fields) {
    Deque<Object> opened = opened(context);
    try {
      for (Field field : fields) {
        Object value = field.get(instance);
        if (value == null) {
          value = create(field);
          field.set(instance, value);
        }
        if (value instanceof TestResource resource) {
          opened.push(resource);
          resource.start();
        } else if (value instanceof AutoCloseable closeable) {
          opened.push(closeable);
        } else {
          throw new ExtensionConfigurationException(
              "@Managed field " + field + " holds a " + value.getClass().getName()
                  + ", which is neither a TestResource nor AutoCloseable");
        }
      }
    } catch (IllegalAccessException e) {
      closeAll(context);
      throw new ExtensionConfigurationException("cannot access a @Managed field", e);
    } catch (RuntimeException | Error e) {
      closeAll(context);
      throw e;
    }
  }

  private static Object create(Field field) {
    Class<?> type = field.getType();
    if (type == RedisServer.class) {
      return RedisServer.plain();
    }
    if (type == FaultProxies.class) {
      return FaultProxies.start();
    }
    if (type == NetworkNamespace.class) {
      return NetworkNamespace.create();
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ExtensionConfigurationException(
          "@Managed field " + field + " is null and " + type.getName()
              + " has no no-argument constructor: initialize the field", e);
    }
  }

  private static void closeAll(ExtensionContext context) {
    Deque<Object> opened = opened(context);
    RuntimeException failure = null;
    while (!opened.isEmpty()) {
      Object resource = opened.pop();
      try {
        ((AutoCloseable) resource).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a @Managed resource failed: " + resource, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @SuppressWarnings("unchecked")
  private static Deque<Object> opened(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(context.getUniqueId(), k -> new ArrayDeque<>(), Deque.class);
  }

  private static List<Field> fields(Class<?> testClass, boolean statics) {
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    List<Field> out = new ArrayList<>();
    for (Class<?> c : hierarchy) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(Managed.class) && Modifier.isStatic(f.getModifiers()) == statics) {
          f.setAccessible(true);
          out.add(f);
        }
      }
    }
    return out;
  }
}
