package dev.tether.examples.spring;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET/PUT /kv/{key}}: plain-text values in Redis through Spring Data's shared connection. */
@RestController
@RequestMapping(path = "/kv/{key}")
public class KeyValueController {
    private final StringRedisTemplate redis;

    public KeyValueController(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> get(@PathVariable String key) {
        String value = redis.opsForValue().get(key);
        return value == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(value);
    }

    @PutMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<Void> put(@PathVariable String key, @RequestBody String value) {
        redis.opsForValue().set(key, value);
        return ResponseEntity.noContent().build();
    }

    /** Redis down: the caller should retry later, so 503 rather than 500. */
    @ExceptionHandler(RedisConnectionFailureException.class)
    public ResponseEntity<String> unavailable(RedisConnectionFailureException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN).body("Redis unavailable");
    }
}
