package dev.tether.testkit.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP API, driven through toxiproxy-java where it can show a behaviour and raw HTTP where it cannot. */
class EmbeddedToxiproxyApiTest {
    private EmbeddedToxiproxy toxiproxy;
    private ToxiproxyClient client;
    private EchoServer echo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0);
        client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws IOException {
        toxiproxy.close();
        echo.close();
    }

    @Test
    void versionAnswersTheExactBodyOfTheRealServer() throws Exception {
        HttpResponse<String> response = send("GET", "/version", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void createdProxyAnswersWithTheResolvedListenAddress() throws Exception {
        Proxy proxy = client.createProxy("redis", "localhost:0", echo.address());

        assertThat(proxy.getName()).isEqualTo("redis");
        assertThat(proxy.getListen()).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");
        assertThat(proxy.getUpstream()).isEqualTo(echo.address());
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(client.getProxy("redis").getListen()).isEqualTo(proxy.getListen());
    }

    @Test
    void createAnswers201WithEveryFieldInTheRealServersOrder() throws Exception {
        HttpResponse<String> response = send("POST", "/proxies",
                "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).matches("\\{\"name\":\"p\",\"listen\":\"127\\.0\\.0\\.1:\\d+\",\"upstream\":\""
                + echo.address() + "\",\"enabled\":true,\"Logger\":\\{},\"toxics\":\\[]}");
    }

    @Test
    void createdDisabledProxyKeepsItsListenAddressUnresolved() throws Exception {
        HttpResponse<String> response = send("POST", "/proxies",
                "{\"name\":\"p\",\"listen\":\"localhost:0\",\"upstream\":\"x:1\",\"enabled\":false}");

        assertThat(response.body()).contains("\"listen\":\"localhost:0\"", "\"enabled\":false");
    }

    @Test
    void duplicateProxyIsAConflict() throws Exception {
        client.createProxy("redis", "127.0.0.1:0", echo.address());

        assertThatThrownBy(() -> client.createProxy("redis", "127.0.0.1:0", echo.address()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
    }

    @Test
    void unknownProxyIsNotFound() {
        assertThatThrownBy(() -> client.getProxy("nope"))
                .isInstanceOf(IOException.class).hasMessage("[404] proxy not found");
        assertThat(client.getProxyOrNull("nope")).isNull();
    }

    @Test
    void missingFieldsAndBadBodiesAreBadRequests() throws Exception {
        assertError(send("POST", "/proxies", "{\"upstream\":\"x:1\"}"), 400, "missing required field: name");
        assertError(send("POST", "/proxies", "{\"name\":\"p\"}"), 400, "missing required field: upstream");
        assertError(send("POST", "/proxies", ""), 400, "bad request body: EOF");
        assertError(send("POST", "/proxies", "{\"name\":1}"), 400,
                "bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type string");
        assertThatThrownBy(() -> client.createProxy("", "127.0.0.1:0", "x:1"))
                .hasMessage("[400] missing required field: name");
    }

    @Test
    void errorBodyIsTheRealServersJsonWithATrailingNewline() throws Exception {
        HttpResponse<String> response = send("GET", "/proxies/nope", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
    }

    @Test
    void bindFailureIsAServerErrorAndCreatesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = send("POST", "/proxies", "{\"name\":\"p\",\"listen\":\"127.0.0.1:"
                    + taken.getLocalPort() + "\",\"upstream\":\"" + echo.address() + "\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"listen tcp 127.0.0.1:" + taken.getLocalPort()
                    + ": bind: address already in use\",\"status\":500}\n");
            assertThat(client.getProxies()).isEmpty();
        }
    }

    @Test
    void listHoldsEveryProxyKeyedByNameInOrder() throws Exception {
        client.createProxy("b", "127.0.0.1:0", echo.address());
        client.createProxy("a", "127.0.0.1:0", echo.address());

        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("a", "b");
        assertThat(send("GET", "/proxies", null).body()).startsWith("{\"a\":{\"name\":\"a\"");
    }

    @Test
    void partialUpdateKeepsTheFieldsNotSent() throws Exception {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", echo.address());
        String listen = proxy.getListen();

        proxy.disable();
        assertThat(proxy.isEnabled()).isFalse();
        assertThat(proxy.getListen()).isEqualTo(listen);
        assertThat(proxy.getUpstream()).isEqualTo(echo.address());

        proxy.enable();
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(proxy.getListen()).isEqualTo(listen);

        proxy.setUpstream("127.0.0.1:1");
        assertThat(proxy.getUpstream()).isEqualTo("127.0.0.1:1");
        assertThat(proxy.getListen()).isEqualTo(listen);

        HttpResponse<String> patched = send("PATCH", "/proxies/p", "{\"enabled\":false}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.body()).contains("\"upstream\":\"127.0.0.1:1\"", "\"enabled\":false");
    }

    @Test
    void deleteAnswers204AndForgetsTheProxy() throws Exception {
        client.createProxy("p", "127.0.0.1:0", echo.address());

        assertThat(send("DELETE", "/proxies/p", null).statusCode()).isEqualTo(204);
        assertThat(client.getProxyOrNull("p")).isNull();
        assertError(send("DELETE", "/proxies/p", null), 404, "proxy not found");
    }

    @Test
    void wrongMethodOnAKnownPathIs405WithAnEmptyBody() throws Exception {
        for (String[] call : List.of(new String[] {"DELETE", "/proxies"}, new String[] {"GET", "/reset"},
                new String[] {"PUT", "/proxies/p"}, new String[] {"POST", "/version"},
                new String[] {"GET", "/populate"}, new String[] {"PUT", "/proxies/p/toxics/t"})) {
            HttpResponse<String> response = send(call[0], call[1], call[0].equals("GET") ? null : "{}");
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(405);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void unknownPathIs404PageNotFound() throws Exception {
        for (String path : List.of("/", "/nope", "/proxies/", "/proxies/p/nope", "/proxies/p/toxics/t/x")) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).isEqualTo("404 page not found\n");
        }
    }

    @Test
    void toxicIsCreatedWith200AndEveryAttribute() throws Exception {
        client.createProxy("p", "127.0.0.1:0", echo.address());

        HttpResponse<String> response = send("POST", "/proxies/p/toxics", "{\"type\":\"latency\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"attributes\":{\"latency\":0,\"jitter\":0},"
                + "\"name\":\"latency_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @Test
    void toxicsAreCreatedReadUpdatedAndRemovedThroughTheJavaClient() throws Exception {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", echo.address());

        Latency latency = proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 100).setJitter(10);
        assertThat(latency.getLatency()).isEqualTo(100);
        assertThat(latency.getJitter()).isEqualTo(10);

        latency.setLatency(250);
        Latency read = proxy.toxics().get("lag", Latency.class);
        assertThat(read.getLatency()).isEqualTo(250);
        assertThat(read.getJitter()).as("attributes not sent keep their values").isEqualTo(10);
        assertThat(read.getStream()).isEqualTo(ToxicDirection.UPSTREAM);

        latency.setToxicity(0.5f);
        assertThat(proxy.toxics().get("lag").getToxicity()).isEqualTo(0.5f);

        Slicer slicer = proxy.toxics().slicer("cut", ToxicDirection.DOWNSTREAM, 10, 5).setSizeVariation(2);
        proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 100);
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
        proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 0);
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0);
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
        assertThat(slicer.getSizeVariation()).isEqualTo(2);

        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName)
                .as("upstream first, then downstream, each in insertion order")
                .containsExactly("lag", "bw", "rp", "cut", "sc", "to", "ld");

        latency.remove();
        assertThatThrownBy(() -> proxy.toxics().get("lag")).hasMessage("[404] toxic not found");
        assertThat(client.getProxy("p").toxics().getAll()).hasSize(6);
    }

    @Test
    void toxicErrorsCarryTheRealServersMessages() throws Exception {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 100);

        assertThatThrownBy(() -> proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 1))
                .hasMessage("[409] toxic already exists");
        assertError(send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(send("POST", "/proxies/p/toxics", "{\"type\":\"down\"}"), 400, "invalid toxic type");
        assertError(send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"),
                400, "bad request body: json: cannot unmarshal string into Go struct field attributes.latency"
                        + " of type int64");
        assertError(send("POST", "/proxies/p/toxics", "[1"), 400, "bad request body: unexpected EOF");
        assertError(send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":[1]}"), 400,
                "bad request body: json: cannot unmarshal array into Go struct field ToxicWrapper.attributes"
                        + " of type toxics.NoopToxic");
        assertError(send("PATCH", "/proxies/p/toxics/lag", "{\"attributes\":[1]}"), 400,
                "bad request body: json: cannot unmarshal array into Go struct field attributes of type toxics.LatencyToxic");
        assertError(send("POST", "/proxies/nope/toxics", "{\"type\":\"latency\"}"), 404, "proxy not found");
        assertError(send("GET", "/proxies/p/toxics/nope", null), 404, "toxic not found");
        assertError(send("PATCH", "/proxies/p/toxics/nope", "{}"), 404, "toxic not found");
        assertError(send("DELETE", "/proxies/p/toxics/nope", null), 404, "toxic not found");
    }

    @Test
    void toxicDefaultsFollowTheStreamAsSentAndMatchItCaseInsensitively() throws Exception {
        client.createProxy("p", "127.0.0.1:0", echo.address());

        HttpResponse<String> response = send("POST", "/proxies/p/toxics",
                "{\"type\":\"noop\",\"stream\":\"UpStream\",\"toxicity\":0.25}");

        assertThat(response.body()).isEqualTo("{\"attributes\":{},\"name\":\"noop_UpStream\",\"type\":\"noop\","
                + "\"stream\":\"UpStream\",\"toxicity\":0.25}");
        assertThat(send("GET", "/proxies/p/toxics", null).body()).startsWith("[{\"attributes\":{},\"name\":\"noop_UpStream\"");
    }

    @Test
    void toxicUpdateIgnoresNameTypeAndStream() throws Exception {
        client.createProxy("p", "127.0.0.1:0", echo.address());
        send("POST", "/proxies/p/toxics", "{\"name\":\"bw\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":5}}");

        HttpResponse<String> response = send("POST", "/proxies/p/toxics/bw",
                "{\"name\":\"other\",\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"rate\":7}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"attributes\":{\"rate\":7},\"name\":\"bw\",\"type\":\"bandwidth\","
                + "\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @Test
    void resetReenablesEveryProxyAndRemovesEveryToxicButDeletesNothing() throws Exception {
        Proxy a = client.createProxy("a", "127.0.0.1:0", echo.address());
        Proxy b = client.createProxy("b", "127.0.0.1:0", echo.address());
        a.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 100);
        b.disable();

        assertThat(send("POST", "/reset", null).statusCode()).isEqualTo(204);
        client.reset();

        assertThat(client.getProxies()).hasSize(2).allMatch(Proxy::isEnabled);
        assertThat(client.getProxy("a").toxics().getAll()).isEmpty();
        assertThat(b.isEnabled()).as("toxiproxy-java refreshes the proxies it handed out").isTrue();
    }

    @Test
    void populateCreatesKeepsAndReplacesProxies() throws Exception {
        String body = "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"},"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address()
                + "\",\"enabled\":false}]";
        HttpResponse<String> created = send("POST", "/populate", body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).startsWith("{\"proxies\":[{\"name\":\"a\"").contains("\"name\":\"b\"");

        String listenA = client.getProxy("a").getListen();
        client.getProxy("a").toxics().latency("lag", ToxicDirection.DOWNSTREAM, 10);

        String again = "[{\"name\":\"a\",\"listen\":\"" + listenA + "\",\"upstream\":\"" + echo.address() + "\"},"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]";
        assertThat(send("POST", "/populate", again).statusCode()).isEqualTo(201);

        assertThat(client.getProxy("a").toxics().getAll()).as("an identical proxy is kept, toxics included")
                .hasSize(1);
        assertThat(client.getProxy("b").getUpstream()).isEqualTo("127.0.0.1:1");
        assertThat(client.getProxy("b").isEnabled()).as("a replaced proxy is a new one, enabled by default")
                .isTrue();
    }

    @Test
    void populateValidatesEveryEntryBeforeChangingAnything() throws Exception {
        HttpResponse<String> response = send("POST", "/populate",
                "[{\"name\":\"a\",\"upstream\":\"x:1\"},{\"upstream\":\"x:1\"}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"missing required field: name at proxy 2\",\"status\":400,\"proxies\":null}");
        assertThat(client.getProxies()).isEmpty();
        assertError(send("POST", "/populate", "[{\"name\":\"a\"}]"), 400, "missing required field: upstream at proxy 1");
        assertThat(send("POST", "/populate", "{}").body()).startsWith("{\"error\":\"bad request body: ");
    }

    @Test
    void populateStoppedPartWayKeepsAndReportsTheProxiesAlreadyCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = send("POST", "/populate",
                    "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"},"
                            + "{\"name\":\"b\",\"listen\":\"127.0.0.1:" + taken.getLocalPort() + "\",\"upstream\":\"x:1\"}]");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("\"status\":500,\"proxies\":[{\"name\":\"a\"");
            assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("a");
        }
    }

    @Test
    void browsersAreTurnedAway() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(toxiproxy.apiUrl() + "/proxies"))
                .header("User-Agent", "Mozilla/5.0").GET().build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    void awaitCloseReturnsOnceClosed() throws Exception {
        Thread waiter = new Thread(() -> {
            try {
                toxiproxy.awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();

        toxiproxy.close();

        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(toxiproxy.apiUrl() + path))
                .timeout(Duration.ofSeconds(10)).method(method, publisher).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":\"" + message + "\",\"status\":" + status);
    }
}
