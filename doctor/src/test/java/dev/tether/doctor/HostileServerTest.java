package dev.tether.doctor;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A broken or hostile server gets NOT_REDIS from the doctor, never a StackOverflowError or NumberFormatException. */
class HostileServerTest {
    private ServerSocket listener;

    @AfterEach
    void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("arrays nested 100 000 deep", "*1\r\n".repeat(100_000), "nested deeper"),
                Arguments.of("an aggregate of 10^11 elements", "*100000000000\r\n", "elements"),
                Arguments.of("a map of 10^11 pairs", "%100000000000\r\n", "elements"),
                Arguments.of("a blob error with a non-numeric length", "!abc\r\n", "malformed RESP length"),
                Arguments.of("a blob error with a negative length", "!-5\r\n", "byte reply"),
                Arguments.of("a bulk string longer than 64 bits", "$99999999999999999999\r\n", "malformed RESP length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void hostileReplyIsNotRedis(String what, String reply, String messagePart) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> answerOnce(reply), "hostile-server");
        server.setDaemon(true);
        server.start();

        DoctorReport report = Doctor.run(RedisSettings.builder().host("127.0.0.1").port(listener.getLocalPort()).build(), Duration.ofSeconds(5));

        Diagnosis failure = report.failure().orElseThrow();
        assertThat(failure.code()).as(report.toString()).isEqualTo(DiagnosisCode.NOT_REDIS);
        assertThat(failure.message()).contains(messagePart);
        assertThat(report.steps().get(report.steps().size() - 1).check()).isEqualTo(DoctorCheck.AUTH);
    }

    private void answerOnce(String reply) {
        try (Socket client = listener.accept()) {
            client.getInputStream().read(new byte[4096]);
            OutputStream out = client.getOutputStream();
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client.getInputStream().read(); // hold the connection open until the doctor closes it
        } catch (IOException e) {
            // the doctor closed first: nothing to answer
        }
    }
}
