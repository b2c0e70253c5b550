package dev.tether.doppler.internal;

import io.lettuce.core.resource.Delay;
import dev.tether.config.Durations;
import dev.tether.config.Redactor;
import dev.tether.doppler.DopplerException;
import dev.tether.doppler.DopplerException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one config's secrets: {@code GET {host}/v3/configs/config/secrets/download?format=json}.
 *
 * <p>Each attempt is bounded by the connect timeout and the total timeout; 429, 5xx, timeouts and
 * network errors are retried with {@link #DEFAULT_BACKOFF} (or the server's {@code Retry-After}) while the retry
 * budget lasts; 401/403/404 and bad bodies fail at once. TLS verification is the JDK's default and
 * cannot be turned off; redirects are not followed (they would leave the checked host). Thread-safe;
 * one instance may serve concurrent downloads.
 */
public final class DopplerApiClient {
    private static final Logger LOG = LoggerFactory.getLogger(DopplerApiClient.class);
    private static final String PATH = "/v3/configs/config/secrets/download";

    /**
     * Between retries: Lettuce's equal-jitter delay (the one backoff tether uses; Lettuce is on the class
     * path through config-core), 125 ms to 2 s, doubling from 250 ms.
     */
    public static final Delay DEFAULT_BACKOFF = Delay.equalJitter(Duration.ofMillis(125), Duration.ofSeconds(2), 250, TimeUnit.MILLISECONDS);

    private final DopplerSettings settings;
    private final Delay backoff;
    private final HttpClient http;

    public DopplerApiClient(DopplerSettings settings, Delay backoff) {
        this.settings = settings;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Downloads the secrets.
     *
     * @param etag the ETag of the copy we hold, sent as {@code If-None-Match}; {@code null} for none
     * @throws DopplerException with the code of the last failure once it is final or the budget is spent
     */
    private static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(250);

    public FetchResult download(String etag) {
        long start = System.nanoTime();
        long deadline = start + settings.retryBudget().toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(downloadUri())
                .GET()
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.token().reveal());
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        long minimumAttempt = Math.min(settings.timeout().toNanos(), MINIMUM_ATTEMPT.toNanos());
        Failure previous = null;
        for (int attempt = 1; ; attempt++) {
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (previous != null && remaining.toNanos() < minimumAttempt) {
                // the wait overran (a busy machine sleeps late): an attempt now could only time out and hide the cause
                throw givingUp(previous, attempt - 1, start, "retry budget " + Durations.format(settings.retryBudget()) + " spent");
            }
            Duration attemptTimeout = remaining.compareTo(settings.timeout()) < 0 ? remaining : settings.timeout();
            Attempt outcome = attempt(request.timeout(positive(attemptTimeout)).build(), attemptTimeout);
            if (outcome.result != null) {
                return outcome.result;
            }
            Failure failure = outcome.failure;
            previous = failure;
            if (!outcome.retryable) {
                throw failure.toException("");
            }
            Duration wait = outcome.retryAfter != null ? outcome.retryAfter : backoff.createDelay(attempt);
            long now = System.nanoTime();
            // An attempt squeezed into the last few milliseconds can only time out, and its "no answer
            // within 3ms" would hide the real cause of the previous attempts: stop instead.
            if (now + wait.toNanos() + minimumAttempt >= deadline) {
                String why = outcome.retryAfter != null
                        ? "Retry-After " + Durations.format(outcome.retryAfter) + " reaches past the retry budget"
                        : "retry budget " + Durations.format(settings.retryBudget()) + " spent";
                throw givingUp(failure, attempt, start, why);
            }
            LOG.debug("Doppler attempt {} failed ({}); retrying in {}", attempt, failure.code, Durations.format(wait));
            sleep(wait, failure);
        }
    }

    private static DopplerException givingUp(Failure last, int attempts, long start, String why) {
        return last.toException(" (" + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                + Durations.format(Duration.ofNanos(System.nanoTime() - start)) + "; " + why + ")");
    }

    private Attempt attempt(HttpRequest request, Duration timeout) {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the headers; this bound covers a body that trickles in too.
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Attempt.retry(unavailable("no answer within " + Durations.format(timeout), null), null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Doppler", null).toException("");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof java.net.http.HttpTimeoutException
                    ? "no answer within " + Durations.format(timeout)
                    : "network error: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
            return Attempt.retry(unavailable(what, cause), null);
        }
        return classify(response);
    }

    private Attempt classify(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String etag = response.headers().firstValue("ETag").orElse(null);
        switch (status) {
            case 200:
                return Attempt.done(new FetchResult.Fresh(parseSecrets(response.body()), etag));
            case 304:
                return Attempt.done(new FetchResult.NotModified());
            case 401:
                return Attempt.fail(new Failure(Code.DOPPLER_UNAUTHORIZED, "Doppler rejected the token (HTTP 401)",
                        "check DOPPLER_TOKEN: it may be mistyped, expired or revoked", messages(response.body()), null));
            case 403:
                return Attempt.fail(new Failure(Code.DOPPLER_FORBIDDEN,
                        "the token may not read " + settings.configuredTarget() + " (HTTP 403)",
                        "use a token with read access to this project/config", messages(response.body()), null));
            case 404:
                return Attempt.fail(new Failure(Code.DOPPLER_NOT_FOUND,
                        "Doppler has no project/config " + settings.configuredTarget() + " (HTTP 404)",
                        "check DOPPLER_PROJECT and DOPPLER_CONFIG (needed for personal and CLI tokens)", messages(response.body()), null));
            case 429:
                return Attempt.retry(new Failure(Code.DOPPLER_RATE_LIMITED, "Doppler is rate limiting this token (HTTP 429)",
                        "fewer processes fetching at once, or a longer DOPPLER_RETRY_BUDGET", messages(response.body()), null),
                        retryAfter(response));
            default:
                if (status >= 500 && status <= 599) {
                    return Attempt.retry(new Failure(Code.DOPPLER_UNAVAILABLE, "Doppler answered HTTP " + status,
                            "see https://status.doppler.com; the last-known-good copy is used when there is one",
                            messages(response.body()), null), retryAfter(response));
                }
                return Attempt.fail(badResponse("unexpected HTTP status " + status, messages(response.body())));
        }
    }

    private Map<String, String> parseSecrets(byte[] body) {
        try {
            return StrictJsonParser.parseFlatStringObject(utf8(body));
        } catch (StrictJsonParser.MalformedJsonException | CharacterCodingException e) {
            throw badResponse("the secrets download is not a flat JSON object of strings: " + e.getMessage(), List.of()).toException("");
        }
    }

    /** Doppler's {@code {"messages":[...],"success":false}}, or nothing when the body is not that shape. */
    private static List<String> messages(byte[] body) {
        try {
            if (StrictJsonParser.parse(utf8(body)) instanceof Map<?, ?> object && object.get("messages") instanceof List<?> list) {
                List<String> out = new ArrayList<>();
                for (Object item : list) {
                    if (item instanceof String text) {
                        out.add(Redactor.redact(text));
                    }
                }
                return out;
            }
        } catch (StrictJsonParser.MalformedJsonException | CharacterCodingException e) {
            // An error page that is not Doppler's JSON: the status says enough.
        }
        return List.of();
    }

    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; {@code null} when absent or unreadable. */
    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private URI downloadUri() {
        StringBuilder query = new StringBuilder("format=json");
        settings.project().ifPresent(p -> query.append("&project=").append(URLEncoder.encode(p, StandardCharsets.UTF_8)));
        settings.config().ifPresent(c -> query.append("&config=").append(URLEncoder.encode(c, StandardCharsets.UTF_8)));
        String base = settings.apiHost().toString();
        return URI.create(base + PATH + "?" + query);
    }

    private static void sleep(Duration wait, Failure failure) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.toException(" (interrupted while waiting to retry)");
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private Failure unavailable(String what, Throwable cause) {
        return new Failure(Code.DOPPLER_UNAVAILABLE, "cannot reach Doppler at " + settings.apiHost() + ": " + what,
                "check the network and https://status.doppler.com; the last-known-good copy is used when there is one",
                List.of(), cause);
    }

    private static Failure badResponse(String what, List<String> messages) {
        return new Failure(Code.DOPPLER_BAD_RESPONSE, what,
                "check DOPPLER_API_HOST points at the Doppler API (a proxy or captive portal may be answering)", messages, null);
    }

    /** A failure before it becomes final: the exception is built once the message is complete. */
    private record Failure(Code code, String what, String hint, List<String> messages, Throwable cause) {
        DopplerException toException(String suffix) {
            return new DopplerException(code, what + suffix, hint, messages, cause);
        }
    }

    /** One attempt's outcome: a result, a final failure, or a retryable failure with an optional server-given wait. */
    private record Attempt(FetchResult result, Failure failure, boolean retryable, Duration retryAfter) {
        static Attempt done(FetchResult result) {
            return new Attempt(result, null, false, null);
        }

        static Attempt fail(Failure failure) {
            return new Attempt(null, failure, false, null);
        }

        static Attempt retry(Failure failure, Duration retryAfter) {
            return new Attempt(null, failure, true, retryAfter);
        }
    }
}
