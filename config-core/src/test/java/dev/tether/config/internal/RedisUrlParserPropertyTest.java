package dev.tether.config.internal;

import dev.tether.config.Problem;
import dev.tether.config.RedisNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlParserPropertyTest {

    @Property(tries = 10000)
    void arbitraryTextNeverThrowsAndEitherParsesOrExplains(@ForAll String text) {
        List<Problem> problems = new ArrayList<>();

        Optional<ParsedRedisUrl> parsed = RedisUrlParser.parse(text, "REDIS_URL", problems);

        assertThat(parsed.isPresent() || problems.stream().anyMatch(Problem::isError)).isTrue();
    }

    @Property(tries = 10000)
    void theGeneratedPasswordNeverAppearsInAnyProblem(@ForAll("urlsWithPasswords") String[] urlAndPassword) {
        List<Problem> problems = new ArrayList<>();

        RedisUrlParser.parse(urlAndPassword[0], "REDIS_URL", problems);

        for (Problem p : problems) {
            assertThat(p.message()).doesNotContain(urlAndPassword[1]);
            assertThat(p.hint()).doesNotContain(urlAndPassword[1]);
        }
    }

    @Property(tries = 10000)
    void wellFormedUrlsRoundTripTheirParts(@ForAll("wellFormed") String[] parts) {
        List<Problem> problems = new ArrayList<>();

        ParsedRedisUrl url = RedisUrlParser.parse(parts[0], "REDIS_URL", problems).orElseThrow();

        assertThat(url.host()).isEqualTo(parts[1]);
        assertThat(url.port()).isEqualTo(Integer.parseInt(parts[2]));
        assertThat(url.password()).isEqualTo(parts[3]);
    }

    /** Issue 10: every seed of a list comes back, in order, with the first seed's password and the default port. */
    @Property(tries = 5000)
    void seedListsAndSentinelUrlsRoundTripEverySeed(@ForAll("seedLists") Object[] urlAndNodes) {
        List<Problem> problems = new ArrayList<>();

        ParsedRedisUrl url = RedisUrlParser.parse((String) urlAndNodes[0], "REDIS_URL", problems).orElseThrow();

        assertThat(url.nodes()).isEqualTo(urlAndNodes[1]);
        assertThat(url.password()).isEqualTo(urlAndNodes[2]);
        assertThat(url.sentinel()).isEqualTo(((String) urlAndNodes[0]).contains("-sentinel://"));
        assertThat(url.masterId()).isEqualTo(url.sentinel() ? "mymaster" : null);
    }

    /** Issue 10: bad seeds anywhere in a list never echo the password in a problem. */
    @Property(tries = 10000)
    void aBrokenSeedListNeverShowsItsPassword(@ForAll("brokenSeedLists") String[] urlAndPassword) {
        List<Problem> problems = new ArrayList<>();

        Optional<ParsedRedisUrl> parsed = RedisUrlParser.parse(urlAndPassword[0], "REDIS_URL", problems);

        assertThat(parsed.isPresent() || problems.stream().anyMatch(Problem::isError)).isTrue();
        for (Problem p : problems) {
            assertThat(p.message()).doesNotContain(urlAndPassword[1]);
            assertThat(p.hint()).doesNotContain(urlAndPassword[1]);
        }
    }

    @Provide
    Arbitrary<Object[]> seedLists() {
        Arbitrary<String> scheme = Arbitraries.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
        Arbitrary<String> password = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20)
                .filter(p -> !p.contains("%") && !p.contains(","));
        Arbitrary<RedisNode> node = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(h -> h + ".example.com"),
                Arbitraries.integers().between(1, 65535)).as(RedisNode::new);
        return Combinators.combine(scheme, password, node.list().ofMinSize(1).ofMaxSize(6)).as((s, pw, nodes) -> {
            boolean sentinel = s.endsWith("sentinel");
            StringBuilder url = new StringBuilder(s + "://default:" + pw + "@");
            List<RedisNode> expected = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                RedisNode n = nodes.get(i);
                boolean defaultPort = n.port() % 3 == 0;
                url.append(i == 0 ? "" : ",").append(n.host()).append(defaultPort ? "" : ":" + n.port());
                expected.add(defaultPort ? new RedisNode(n.host(), sentinel ? 26379 : 6379) : n);
            }
            url.append(sentinel ? "/0#mymaster" : "");
            return new Object[] {url.toString(), expected, pw};
        });
    }

    @Provide
    Arbitrary<String[]> brokenSeedLists() {
        Arbitrary<String> scheme = Arbitraries.of("redis://", "rediss://", "redis-sentinel://", "https://", "");
        Arbitrary<String> password = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(24).map(p -> "PW" + p + "Z9");
        Arbitrary<String> seed = Arbitraries.of("a:6379", "", "b:99999", "c:x", ":7000", "bad host", "[::1", "[::1]:1", "d", "rediss://e:1",
                "redis://:other@f", "g/0", "h#m");
        return Combinators.combine(scheme, password, seed.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of("", "/0", "/x", "#m", "?q=1"))
                .as((s, pw, seeds, tail) -> new String[] {s + ":" + pw + "@" + String.join(",", seeds) + tail, pw});
    }

    @Provide
    Arbitrary<String[]> urlsWithPasswords() {
        Arbitrary<String> scheme = Arbitraries.of("redis", "rediss", "https", "http", "tcp", "", "redis-sentinel");
        Arbitrary<String> password = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(24).map(p -> "PW" + p + "Z9");
        Arbitrary<String> host = Arbitraries.of("db.example.com", "", "x.upstash.io", "[::1]", "bad host", "h");
        Arbitrary<String> tail = Arbitraries.of("", ":6379", ":99999", ":abc", "/3", "/x", ":6380/0?timeout=5s", ":");
        return Combinators.combine(scheme, password, host, tail).as((s, p, h, t) -> new String[]{
                (s.isEmpty() ? "" : s + "://") + ":" + p + "@" + h + t, p});
    }

    @Provide
    Arbitrary<String[]> wellFormed() {
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(h -> h + ".example.com");
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<String> password = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20)
                .filter(p -> !p.contains("%"));
        return Combinators.combine(host, port, password).as((h, p, pw) -> new String[]{"rediss://default:" + pw + "@" + h + ":" + p, h,
                String.valueOf(p), pw});
    }
}
