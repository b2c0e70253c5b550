package dev.tether.redis.internal;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The reactive view of a {@link CommandFacade}: each subscription picks the connection that is live
 * at that moment (so a view obtained once keeps working after reconnects), is refused, timed out
 * and failed exactly like the sync and async views, and is tracked for the stall watchdog.
 * Thread-safe.
 */
final class ReactiveCommandsView {
    private final CommandFacade facade;

    ReactiveCommandsView(CommandFacade facade) {
        this.facade = facade;
    }

    @SuppressWarnings("unchecked")
    RedisReactiveCommands<String, String> proxy() {
        return (RedisReactiveCommands<String, String>) Proxy.newProxyInstance(ReactiveCommandsView.class.getClassLoader(),
                new Class<?>[]{RedisReactiveCommands.class},
                (proxy, method, args) -> facade.reporting(this::invoke, proxy, method, args));
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = facade.objectMethod(proxy, method, args);
        if (CommandFacade.isSpecial(special)) {
            return special;
        }
        String name = method.getName();
        switch (name) {
            case "getStatefulConnection":
                return facade.connection();
            case "isOpen":
                return facade.supervisor().link() != null;
            default:
                break;
        }
        CommandKind kind = ProxiedCalls.classify(name, args);
        facade.refuseIfNeeded(kind, name, args);
        Class<?> type = method.getReturnType();
        boolean mono = Mono.class.isAssignableFrom(type);
        if (!mono && !Flux.class.isAssignableFrom(type)) {
            Link link = facade.requireLink();
            return call(method, link, args);
        }
        Duration timeout = facade.timeoutFor(kind, name, args);
        Flux<Object> flux = Flux.defer(() -> {
            Link link;
            try {
                link = facade.linkFor(kind, name, args);
            } catch (RuntimeException e) {
                return Flux.error(e);
            }
            java.util.concurrent.atomic.AtomicReference<CommandTracker.TrackedCommand> tracked = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.function.Consumer<Throwable> finish = error -> {
                CommandTracker.TrackedCommand t = tracked.getAndSet(null);
                if (t != null) {
                    t.finished(error);
                }
            };
            Flux<Object> sent = Flux.from((org.reactivestreams.Publisher<Object>) call(method, link, args))
                    .doOnSubscribe(s -> tracked.set(link.track(timeout)))
                    .doOnNext(v -> finish.accept(null))
                    .doOnError(e -> finish.accept(CommandFailures.unwrap(e)))
                    .doOnComplete(() -> finish.accept(null))
                    .doOnCancel(() -> finish.accept(new java.util.concurrent.CancellationException("cancelled")));
            if (timeout != null) {
                sent = sent.timeout(timeout);
            }
            return sent.onErrorMap(e -> e instanceof TimeoutException ? facade.failures().timedOut(timeout, link) : facade.failures().translate(CommandFailures.unwrap(e), link));
        });
        flux = flux.doOnError(e -> {
            if (e instanceof RuntimeException failure) {
                facade.reported(failure);
            }
        });
        return mono ? flux.next() : flux;
    }

    private Object call(Method method, Link link, Object[] args) {
        try {
            if (link.cluster() != null) {
                ClusterCommands.requireOneSlot(method, args);
                return ClusterCommands.reactive(method).invoke(link.reactive(), args);
            }
            return method.invoke(link.reactive(), args);
        } catch (InvocationTargetException e) {
            throw facade.failures().translate(e.getCause(), link);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
