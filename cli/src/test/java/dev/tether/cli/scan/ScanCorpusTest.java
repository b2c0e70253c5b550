package dev.tether.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 items 13 and 15: every Redis and Doppler credential of the corpus in
 * {@code src/test/resources/scan-corpus} is found, with the kind {@code expected.tsv} names (that file
 * also records which gitleaks and trufflehog rules would find each one), and no decoy is reported.
 */
class ScanCorpusTest {
    private static final String CANARY = "cAnary";

    private static Path corpus() throws URISyntaxException {
        return Path.of(ScanCorpusTest.class.getResource("/scan-corpus/expected.tsv").toURI()).getParent();
    }

    @Test
    void findsEveryCorpusCredentialWithItsKind() throws IOException, URISyntaxException {
        Path corpus = corpus();
        CredentialScanner.Result result = new CredentialScanner().scan(List.of(corpus.resolve("leaks")));

        List<String[]> expected = Files.readAllLines(corpus.resolve("expected.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> line.split("\t")).toList();
        assertThat(expected).hasSizeGreaterThan(30);
        for (String[] row : expected) {
            Path file = corpus.resolve(row[0]);
            int line = Integer.parseInt(row[1]);
            assertThat(result.findings())
                    .as("%s:%s should be reported as %s", row[0], row[1], row[2])
                    .anySatisfy(f -> {
                        assertThat(f.path()).isEqualTo(file.toString());
                        assertThat(f.line()).isEqualTo(line);
                        assertThat(f.kind()).isEqualTo(row[2]);
                    });
        }
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.match()).doesNotContain(CANARY));
        assertThat(result.complete()).isTrue();
    }

    @Test
    void reportsNoDecoy() throws URISyntaxException {
        CredentialScanner.Result result = new CredentialScanner().scan(List.of(corpus().resolve("decoys")));

        assertThat(result.findings()).isEmpty();
        assertThat(result.filesScanned()).isEqualTo(4);
    }
}
