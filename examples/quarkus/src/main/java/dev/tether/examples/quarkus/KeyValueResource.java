package dev.tether.examples.quarkus;

import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code GET/PUT /kv/{key}}: plain-text values in Redis, on the shared connection. */
@Path("/kv/{key}")
public class KeyValueResource {

    @Inject
    SharedRedis redis;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response get(@PathParam("key") String key) {
        String value = redis.sync().get(key);
        return value == null ? Response.status(Response.Status.NOT_FOUND).build() : Response.ok(value).build();
    }

    @PUT
    @Consumes(MediaType.TEXT_PLAIN)
    public Response put(@PathParam("key") String key, String value) {
        redis.sync().set(key, value);
        return Response.noContent().build();
    }

    /** Redis down or not answering: the caller should retry later, so 503 rather than 500. */
    @ServerExceptionMapper
    public Response unavailable(RedisException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(e.getMessage()).type(MediaType.TEXT_PLAIN).build();
    }
}
