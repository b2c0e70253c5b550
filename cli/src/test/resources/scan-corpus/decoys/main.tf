resource "random_password" "redis" {
  length = 32
}
resource "aws_elasticache_replication_group" "cache" {
  auth_token = random_password.redis.result
  password   = var.redis_password
}
