package dev.tether.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialScannerTest {

    @Test
    void aSecretNamedKeyHoldingAUrlIsReportedOnceAndMaskedWhole() {
        List<Finding> findings = CredentialScanner.scanText(".env", "REDIS_PASSWORD=redis://:canary@h:6379\n");

        assertThat(findings).containsExactly(new Finding(".env", 1, "secret-assignment", "REDIS_PASSWORD=****"));
    }

    @Test
    void aKeyNamedJustKeyIsAnIdentifierButApiKeyIsASecret() {
        List<Finding> findings = CredentialScanner.scanText("config.json",
                "{\"key\":\"REDIS_URL\",\"api_key\":\"canary-api-key-value\"}\n");

        assertThat(findings).extracting(Finding::match).containsExactly("api_key\":\"****\"");
    }

    @Test
    void aDopplerTokenInASecretNamedKeyIsReportedAsADopplerToken() {
        List<Finding> findings = CredentialScanner.scanText("ci.yml",
                "env:\n  DOPPLER_TOKEN: dp.ct." + "canary".repeat(7) + "\n");

        assertThat(findings).containsExactly(new Finding("ci.yml", 2, "doppler-token", "dp.ct.****"));
    }

    @Test
    void inSourceCodeOnlyQuotedLiteralsAreAssignments() {
        String code = """
                password = os.getenv("REDIS_PASSWORD")
                api_key: str = None
                token = "canary-token"
                """;

        assertThat(CredentialScanner.scanText("app/settings.py", code))
                .containsExactly(new Finding("app/settings.py", 3, "secret-assignment", "token = \"****\""));
        assertThat(CredentialScanner.scanText("settings.env", code)).hasSize(3);
    }

    @Test
    void aMultiLineQuotedValueIsReportedAtItsFirstLineOnOneOutputLine() {
        List<Finding> findings = CredentialScanner.scanText(".env", "A=1\nREDIS_PASSWORD=\"can\nary\"\nB=2\n");

        assertThat(findings).containsExactly(new Finding(".env", 2, "secret-assignment", "REDIS_PASSWORD=\"****\""));
    }

    @Test
    void aUrlPasswordInsideCodeKeepsItsHostVisible() {
        List<Finding> findings = CredentialScanner.scanText("Main.java",
                "var client = RedisClient.create(\"rediss://default:canary@cache.example.com:6380\");\n");

        assertThat(findings).containsExactly(
                new Finding("Main.java", 1, "url-password", "rediss://default:****@cache.example.com:6380"));
    }

    @Test
    void aWholeQuotedLineIsReportedAsAYamlAssignment() {
        assertThat(CredentialScanner.scanText("values.yaml", "auth:\n  password: 'canary pw' # prod\n"))
                .containsExactly(new Finding("values.yaml", 2, "secret-assignment", "password: '****'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "****", "xxx", "XXXXXX", "...", "<password>", "<your-password>", "your_token_here",
        "${REDIS_PASSWORD}", "${REDIS_PASSWORD:?required}", "$REDIS_PASSWORD", "%REDIS_PASSWORD%", "{{ .Values.password }}",
        "changeme", "CHANGEME", "password", "value", "null", "true", "[secret]"})
    void referencesAndPlaceholdersAreNotFindings(String value) {
        assertThat(CredentialScanner.scanText(".env", "REDIS_PASSWORD=" + value + "\nURL=redis://:" + value + "@h\n")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "pw", "c4n4ry", "${REDIS_PASSWORD:-canary}", "${P-canary}", "hunter2"})
    void literalsAreFindingsWhateverTheirLength(String value) {
        assertThat(CredentialScanner.scanText(".env", "REDIS_PASSWORD=" + value + "\n"))
                .extracting(Finding::kind).containsExactly("secret-assignment");
    }

    @Test
    void findingsNeverHoldTheSecret() {
        String text = """
                REDIS_URL=redis://:canary1@h1,redis://u:canary2@h2
                "clientSecret": "canary3",
                log {\\\"token\\\":\\\"canary4\\\"}
                url: redis://:p@ss canary5@rd@host
                """;

        List<Finding> findings = CredentialScanner.scanText("mixed.txt", text);

        assertThat(findings).hasSize(5).allSatisfy(f -> assertThat(f.match()).doesNotContain("canary"));
        assertThat(findings).extracting(Finding::toString).contains(
                "mixed.txt:1: url-password: redis://:****@h1", "mixed.txt:1: url-password: redis://u:****@h2",
                "mixed.txt:4: url-password: redis://:****@host");
    }
}
