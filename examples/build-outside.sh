#!/usr/bin/env bash
# Builds and tests every example the way a user does after copying its folder: in a temporary folder
# outside this repository, with the example's own Maven wrapper, against ONLY a file repository of freshly
# deployed tether artifacts plus Maven Central. Fails if any pom still needs tether-parent.
#
#   examples/build-outside.sh              # all examples
#   examples/build-outside.sh spring-boot  # some
#
# Nothing is installed into ~/.m2 (other builds share it): the artifacts are deployed to
# target/outside/repo, and the copies use target/outside/m2 as their local repository, reading third-party
# artifacts already in ~/.m2 through a read-only tail (Maven 3.9 maven.repo.local.tail) that leaves out
# dev/tether, so a tether artifact can only come from the file repository.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/outside"
repo="$out/repo"
local_repo="$out/m2"
tail_repo="$out/tail"
modules=""
for m in bom config-core doctor doppler-source testkit metrics spring-boot-starter microprofile; do
  [ -d "$root/$m" ] && modules="${modules:+$modules,}$m"
done
examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  examples=(worker spring-boot quarkus)
fi
started=$(date +%s)


make_tail() {
  # The read-only tail: ~/.m2/repository without dev/tether.
  m2="${HOME}/.m2/repository"
  if [ -d "$m2" ]; then
    for entry in "$m2"/*; do
      name="$(basename "$entry")"
      if [ "$name" = dev ]; then
        mkdir -p "$tail_repo/dev"
        for sub in "$entry"/*; do
          [ "$(basename "$sub")" = tether ] || ln -s "$sub" "$tail_repo/dev/$(basename "$sub")"
        done
      else
        ln -s "$entry" "$tail_repo/$name"
      fi
    done
  fi
}

# OUTSIDE_REUSE_REPO=1 keeps the file repository of a previous run (skips the deploy; for iterating on examples).
if [ "${OUTSIDE_REUSE_REPO:-}" = 1 ] && [ -d "$repo/dev/tether" ]; then
  rm -rf "$local_repo" "$tail_repo"
  mkdir -p "$local_repo" "$tail_repo"
  echo "outside: reusing $repo"
  make_tail
else
  rm -rf "$out"
  mkdir -p "$repo" "$local_repo" "$tail_repo"
  make_tail
  echo "outside: deploying $modules (sources, Javadoc, flattened poms) to $repo"
  # Its own local repository too: a deploy records repository metadata in the local repository, and
  # ~/.m2 (shared with other builds) must not learn of the file repository.
  "$root/mvnw" -B -q -f "$root/pom.xml" -Ppublish -pl "$modules" deploy \
    -DskipTests -Dmaven.install.skip=true -DaltDeploymentRepository="outside::file://$repo" \
    -Dmaven.repo.local="$out/deploy-m2" -Dmaven.repo.local.tail="$tail_repo"
fi

if grep -rl --include='*.pom' '<artifactId>tether-parent</artifactId>' "$repo" >/dev/null; then
  echo "outside: FAIL: a deployed pom still refers to tether-parent:" >&2
  grep -rl --include='*.pom' '<artifactId>tether-parent</artifactId>' "$repo" >&2
  exit 1
fi
for jar in sources javadoc; do
  if ! find "$repo/dev/tether/tether-config-core" -name "*-$jar.jar" | grep -q .; then
    echo "outside: FAIL: no $jar jar deployed for tether-config-core" >&2
    exit 1
  fi
done

cat > "$out/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>tether-outside</id>
      <repositories>
        <repository>
          <id>tether-outside</id>
          <url>file://$repo</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>tether-outside</activeProfile></activeProfiles>
</settings>
EOF

work="$(mktemp -d "${TMPDIR:-/tmp}/tether-outside.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for example in "${examples[@]}"; do
  echo "outside: examples/$example copied to $work/$example: ./mvnw verify"
  mkdir -p "$work/$example"
  (cd "$root/examples/$example" && tar --exclude=./target -cf - .) | (cd "$work/$example" && tar -xf -)
  if grep -q '<artifactId>tether-parent</artifactId>' "$work/$example/pom.xml"; then
    echo "outside: FAIL: examples/$example/pom.xml names tether-parent" >&2
    exit 1
  fi
  (cd "$work/$example" && ./mvnw -B -q -s "$out/settings.xml" -Dmaven.repo.local="$local_repo" \
    -Dmaven.repo.local.tail="$tail_repo" verify) || { echo "outside: FAIL: examples/$example" >&2; exit 1; }
done

if ! grep -rqs 'tether-outside' "$local_repo/dev/tether/tether-config-core"; then
  echo "outside: FAIL: tether-config-core did not come from the file repository" >&2
  exit 1
fi
echo "outside: ok: ${examples[*]} built and tested outside the tree in $(( $(date +%s) - started )) s"
