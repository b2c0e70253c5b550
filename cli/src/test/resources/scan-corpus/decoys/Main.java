class Main {
    String password = System.getenv("REDIS_PASSWORD");
    char[] pw = config.getPassword("redis");
}
