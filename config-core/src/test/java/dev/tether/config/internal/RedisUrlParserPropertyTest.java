package dev.tether.config.internal;

import dev.tether.config.Problem;
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
