class App {
    void connect(io.lettuce.core.api.sync.RedisCommands<String, String> redis, Object config) {
        redis.auth("cAnaryJavaAuth8Vk3");
        ((org.redisson.config.SingleServerConfig) config).setPassword("cAnaryJavaSetPw1Gz6");
    }
}
