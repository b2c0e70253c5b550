package dev.tether.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    private static final String UPSTASH = "example-host-12345.upstash.io:6379";
    /** 42 alphanumerics: a Doppler token body. */
    private static final String DOPPLER_BODY = "canaryDopplerToken0123456789abcdefghijklmn";

    @TempDir
    Path repo;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void commitCredentialsAndDecoys() throws IOException {
        write(".env", """
                # local settings
                REDIS_URL=rediss://default:canaryEnvUrlPw@example-host-12345.upstash.io:6379
                REDIS_PASSWORD=canary-env-password
                REDIS_TOKEN=${REDIS_TOKEN}
                API_KEY=
                SESSION_SECRET=changeme
                """);
        write("config/application.yml", """
                redis:
                  url: ${REDIS_URL}
                  password: canary-yaml-password # rotate me
                  timeout: 2s
                  api_key: "<api-key>"
                """);
        write("README.md", """
                # Connect

                Use your Upstash endpoint, for example
                `rediss://default:canaryReadmePw@example-host-12345.upstash.io:6379`,
                or `redis://:<password>@localhost:6379` locally, or `redis://user@localhost`.
                """);
        write("deploy/run.sh", "export DOPPLER_TOKEN=dp.st.prd." + DOPPLER_BODY + "\n");
        write("app.json", "{\"redis\": {\"host\": \"h\", \"password\": \"canary-json-pw\"}}\n");
        write("src/Main.java", """
                class Main {
                    String password = System.getenv("REDIS_PASSWORD");
                    String token = "canary-java-token";
                }
                """);
        Files.write(Files.createDirectories(repo.resolve("data")).resolve("dump.rdb"),
                ("REDIS\0\0\1REDIS_PASSWORD=canary-binary-pw\n").getBytes(UTF_8));
        write(".git/config", "[remote]\n  url = https://bob:canary-git-pw@github.com/x/y.git\n");
        write("target/classes/application.properties", "redis.password=canary-target-pw\n");
        write("node_modules/pkg/.env", "REDIS_PASSWORD=canary-node-pw\n");
    }

    @Test
    void reportsEachCommittedCredentialRedactedWithPathLineAndKind() {
        int exit = scan(repo.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(outLines()).containsExactly(
                p(".env") + ":2: url-password: rediss://default:****@" + UPSTASH,
                p(".env") + ":3: secret-assignment: REDIS_PASSWORD=****",
                p("README.md") + ":4: url-password: rediss://default:****@" + UPSTASH,
                p("app.json") + ":1: secret-assignment: password\": \"****\"",
                p("config/application.yml") + ":3: secret-assignment: password: ****",
                p("deploy/run.sh") + ":1: doppler-token: dp.st.prd.****",
                p("src/Main.java") + ":3: secret-assignment: token = \"****\"");
    }

    @Test
    void neverPrintsACanaryInTextOrJson() {
        scan(repo.toString());
        scan("--json", repo.toString());

        assertThat(out.toString() + err.toString()).doesNotContainIgnoringCase("canary");
    }

    @Test
    void skipsGitTargetNodeModulesAndBinaryFiles() {
        scan(repo.toString());

        assertThat(out.toString()).doesNotContain(".git", "target", "node_modules", "dump.rdb");
    }

    @Test
    void scansAnExplicitlyNamedFileAndPrintsJson() {
        int exit = scan("--json", repo.resolve(".env").toString());

        assertThat(exit).isEqualTo(1);
        String env = p(".env").replace("\\", "\\\\");
        assertThat(out.toString().strip()).isEqualTo("{\"findings\":["
                + "{\"path\":\"" + env + "\",\"line\":2,\"kind\":\"url-password\",\"match\":\"rediss://default:****@" + UPSTASH + "\"},"
                + "{\"path\":\"" + env + "\",\"line\":3,\"kind\":\"secret-assignment\",\"match\":\"REDIS_PASSWORD=****\"}],"
                + "\"count\":2,\"filesScanned\":1,\"filesUnread\":0,\"binaryFiles\":0,\"linksNotFollowed\":0,\"ignoredFiles\":0}");
    }

    @Test
    void reportsOneAndTwoCharacterPasswordsWithAnEmptyUser() throws IOException {
        Path file = write("short/compose.yml", "REDIS_URL: redis://:c1@cache:6379\nBACKUP: redis://:x@cache-2\n");

        int exit = scan(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(outLines()).containsExactly(
                file + ":1: url-password: redis://:****@cache:6379",
                file + ":2: url-password: redis://:****@cache-2");
    }

    @Test
    void exitsZeroAndPrintsNothingWhenOnlyReferencesAndPlaceholdersAreCommitted() throws IOException {
        Path clean = Files.createDirectories(repo.resolve("clean"));
        write("clean/.env", """
                REDIS_URL=redis://:${REDIS_PASSWORD}@localhost:6379
                REDIS_PASSWORD=${REDIS_PASSWORD:?set it}
                REDIS_TOKEN=****
                API_KEY=<your-api-key>
                SESSION_SECRET="changeme"
                CACHE_URL=redis://user@localhost:6379
                SHOWN=redis://:****@host
                """);

        int exit = scan(clean.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void reportsTheLiteralDefaultOfAReference() throws IOException {
        Path file = write("defaults/.env", "REDIS_PASSWORD=${REDIS_PASSWORD:-canary-default}\n");

        assertThat(scan(file.toString())).isEqualTo(1);
        assertThat(outLines()).containsExactly(file + ":1: secret-assignment: REDIS_PASSWORD=****");
    }

    @Test
    void missingPathExitsTwoWithOneLineCodeAndHint() {
        int exit = scan(repo.toString(), repo.resolve("nope").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip().lines().toList()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("SCAN_PATH_MISSING: ").contains("nope").contains("hint:");
            assertThat(line).doesNotContain("Exception");
        });
    }

    @Test
    void followsAPathThatIsALinkToAFolder() throws IOException {
        Path link = Files.createSymbolicLink(repo.resolve("linked"), repo.resolve("config"));

        assertThat(scan(link.toString())).isEqualTo(1);
        assertThat(outLines()).containsExactly(link.resolve("application.yml") + ":3: secret-assignment: password: ****");
    }

    /** Issue 11 item 14: a link inside the tree is never followed, even when the named path is a link. */
    @Test
    void neverFollowsALinkInsideTheTreeEvenWhenTheNamedPathIsALink() throws IOException {
        Path outside = Files.createDirectories(repo.resolveSibling(repo.getFileName() + "-outside"));
        Path shadow = Files.writeString(outside.resolve("shadow"), "root:canary-shadow-pw:19000:0:99999:7:::\nREDIS_PASSWORD=canary-outside\n");
        Path tree = Files.createDirectories(repo.resolve("tree"));
        Files.writeString(tree.resolve(".env"), "REDIS_PASSWORD=canary-inside\n");
        Files.createSymbolicLink(tree.resolve("shadow-link"), shadow);
        Files.createSymbolicLink(tree.resolve("dir-link"), outside);
        Path namedLink = Files.createSymbolicLink(repo.resolve("tree-link"), tree);

        assertThat(scan(namedLink.toString())).isEqualTo(1);

        assertThat(outLines()).containsExactly(namedLink.resolve(".env") + ":1: secret-assignment: REDIS_PASSWORD=****");
        assertThat(err.toString()).contains("SCAN_LINK_NOT_FOLLOWED").contains("shadow-link").contains("dir-link")
                .contains("2 symbolic links not followed").doesNotContain("canary");
    }

    /** Issue 11 item 12: UTF-16 files are read, with or without a byte order mark. */
    @Test
    void readsUtf16FilesWithAndWithoutAByteOrderMark() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("utf16"));
        Files.write(dir.resolve("bom.env"), ("\uFEFFREDIS_PASSWORD=canary-utf16-bom\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        Files.write(dir.resolve("nobom.env"), ("REDIS_URL=redis://:canary-utf16@h:6379\n").getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        Files.write(dir.resolve("be.env"), ("\uFEFFREDIS_PASSWORD=canary-utf16-be\n").getBytes(java.nio.charset.StandardCharsets.UTF_16BE));

        assertThat(scan(dir.toString())).isEqualTo(1);

        assertThat(outLines()).containsExactly(
                dir.resolve("be.env") + ":1: secret-assignment: REDIS_PASSWORD=****",
                dir.resolve("bom.env") + ":1: secret-assignment: REDIS_PASSWORD=****",
                dir.resolve("nobom.env") + ":1: url-password: redis://:****@h:6379");
        assertThat(err.toString()).contains("scanned 3 files; not read: 0");
    }

    /** Issue 11 item 13: .tetherignore and inline tether:ignore keep documented examples out. */
    @Test
    void tetherIgnoreFileAndInlineCommentKeepDocumentedExamplesOut() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("ignoring"));
        Files.writeString(dir.resolve(".tetherignore"), "# documented examples\ndocs/examples/**\n*.sample\n");
        Files.createDirectories(dir.resolve("docs/examples"));
        Files.writeString(dir.resolve("docs/examples/.env"), "REDIS_PASSWORD=canary-doc-example\n");
        Files.writeString(dir.resolve("app.env.sample"), "REDIS_PASSWORD=canary-sample\n");
        Files.writeString(dir.resolve("README.md"), "Connect with `redis://:canary-readme@localhost:6379` <!-- tether:ignore -->\n"
                + "but not with redis://:canary-real@cache.example.com:6379\n");

        assertThat(scan(dir.toString())).isEqualTo(1);

        assertThat(outLines()).containsExactly(dir.resolve("README.md") + ":2: url-password: redis://:****@cache.example.com:6379");
        assertThat(err.toString()).contains("2 by .tetherignore");
    }

    @Test
    void noPathIsABadArgument() {
        assertThat(scan()).isEqualTo(2);
        assertThat(err.toString()).contains("PATH").doesNotContain("Exception");
    }

    @Test
    void skipsFilesOverTheSizeLimitWithANote() throws IOException {
        Path big = Files.createDirectories(repo.resolve("big"));
        byte[] line = "REDIS_PASSWORD=canary-big-pw\n".getBytes(UTF_8);
        byte[] content = new byte[5 * 1024 * 1024];
        for (int i = 0; i + line.length <= content.length; i += line.length) {
            System.arraycopy(line, 0, content, i, line.length);
        }
        Arrays.fill(content, content.length - 8, content.length, (byte) '\n');
        Files.write(big.resolve("huge.env"), content);

        int exit = scan(big.toString());

        // issue 11 item 12: an unread file makes the scan incomplete, in the exit code and the summary
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("SCAN_FILE_SKIPPED").contains("huge.env").doesNotContain("canary")
                .contains("scanned 0 files; not read: 1 (too large or unreadable)");
    }

    private int scan(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "scan";
        System.arraycopy(args, 0, full, 1, args.length);
        return TetherCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), repo, Map.of(), full);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    private String p(String relative) {
        return repo.resolve(relative).toString();
    }

    private Path write(String relative, String content) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
