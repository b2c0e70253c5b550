package dev.tether.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging set-up, in code rather than {@code logback.xml}: parsing an XML configuration
 * loads ~600 classes and was a third of {@code tether config}'s start-up. The CLI prints its own
 * results on stdout; logs go to stderr, quiet by default. Lettuce and Netty log every reconnect
 * attempt with a stack trace, and tether reports outages itself, so they are held at ERROR.
 *
 * <p>Registered with logback as a {@link Configurator} service. A {@code logback-test.xml} on the
 * class path or a {@code logback.configurationFile} property still wins (tests, a user's own set-up).
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        context.getLogger("dev.tether").setLevel(Level.INFO);
        context.getLogger("io.lettuce").setLevel(Level.ERROR);
        context.getLogger("io.netty").setLevel(Level.ERROR);
        context.getLogger("io.smallrye").setLevel(Level.WARN);
        context.getLogger("org.jboss").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
