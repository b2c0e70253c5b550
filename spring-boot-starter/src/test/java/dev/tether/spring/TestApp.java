package dev.tether.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An app with nothing of its own: everything Redis comes from the starter. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApp {
}
