package dev.tether.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 11, "Done means", for {@code tether scan}: every credential shape is found inside large,
 * noisy, adversarial files, and the canary never appears in a finding. The default build runs jqwik's
 * default number of tries; {@code -Phostile-inputs} runs 100,000.
 */
class ScannerHostileInputPropertyTest {
    private static final String CANARY = "Cnry7Q";

    @Provide
    Arbitrary<String> credentialLines() {
        return Arbitraries.of(
                "REDIS_URL=redis://default:" + CANARY + "x@cache.example.com:6379",
                "url: rediss://:" + CANARY + "@h:6380", "REDIS_URL=redis://" + CANARY + "@h:6379",
                "REDIS_PASSWORD=" + CANARY, "REDIS_PASS=" + CANARY, "REDISCLI_AUTH=" + CANARY, "\"pass\": \"" + CANARY + "\"",
                "requirepass " + CANARY, "masterauth " + CANARY, "user app on >" + CANARY + " ~* +@all",
                "command: redis-server --requirepass " + CANARY, "test: [\"CMD\", \"redis-cli\", \"-a\", \"" + CANARY + "\", \"ping\"]",
                "ENV REDIS_PASSWORD " + CANARY, "export DOPPLER_TOKEN=dp.st.prd." + CANARY + "abcdefghijklmnopqrstuvwxyz0123456789",
                "REDIS_URL=redis:/:" + CANARY + "@cache.example.com:6379", "Authorization: Bearer " + CANARY);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars(" \t=:@/\"'x{}$#\\,").ofMaxLength(24)
                .flatMap(unit -> Arbitraries.integers().between(0, 400).map(unit::repeat))
                .map(s -> s.replace("\n", " "));
    }

    @Property
    void everyCredentialLineIsFoundAmidNoiseAndNoFindingHoldsTheCanary(
            @ForAll("credentialLines") String secret, @ForAll("noise") String before, @ForAll("noise") String after) {
        String text = before + "\n" + secret + "\n" + after + "\n";

        List<Finding> findings = CredentialScanner.scanText("app.env", text);

        assertThat(findings).anySatisfy(f -> assertThat(f.line()).isEqualTo(2));
        assertThat(findings).allSatisfy(f -> assertThat(f.toString()).doesNotContain(CANARY));
    }

    @Property
    void noFileContentMakesTheScannerThrowOrLeak(@ForAll("files") String text) {
        List<Finding> findings = CredentialScanner.scanText("x.yml", text);

        assertThat(findings).allSatisfy(f -> assertThat(f.toString()).doesNotContain(CANARY));
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> piece = Arbitraries.oneOf(credentialLines(), noise(),
                Arbitraries.strings().withChars("\"'`\\${}()[]<>=:@/,;#\n dpst.").ofMaxLength(60));
        return piece.list().ofMaxSize(20).map(parts -> String.join("\n", parts));
    }
}
