#!/usr/bin/env bash
# Build-time figures for benches/RESULTS.md: what TLS costs a crate that depends on
# oneentry-client (a cold `cargo build` of a tiny crate with each backend, and with none),
# and a cold then warm `cargo test --workspace`. Each cold build gets a target directory of
# its own under a temporary directory (removed afterwards), one build at a time; on a
# shared machine run it when nothing else builds. Slow: several minutes per cold build.
#
#   tools/build-times.sh [tls|test|all]      (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
what="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() { # seconds COMMAND...: runs it, prints its wall time in whole seconds
  local start
  start=$(date +%s%N)
  "$@" >"$work/last.log" 2>&1 || { tail -20 "$work/last.log" >&2; return 1; }
  echo $(( ($(date +%s%N) - start) / 1000000000 ))
}

# tiny NAME DEPENDENCIES: a crate that builds a Client, with these [dependencies] lines.
tiny() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "tls-$1"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
$2
EOF
  cat >"$dir/src/main.rs" <<'EOF'
fn main() {
    let client = oneentry_client::Client::builder("https://example.invalid").build();
    println!("{}", client.is_ok());
}
EOF
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  local crates
  crates=$(cd "$dir" && cargo tree --offline --prefix none -e normal | sort -u | wc -l)
  local took
  took=$(cd "$dir" && CARGO_TARGET_DIR="$dir/target" seconds cargo build --offline)
  printf '| %s | %s s | %s |\n' "$1" "$took" "$crates"
  rm -rf "$dir/target"
}

client="oneentry-client = { path = \"$repo/oneentry-client\""
if [ "$what" = tls ] || [ "$what" = all ]; then
  echo "| TLS backend | cold cargo build | crates |"
  echo "|---|---:|---:|"
  tiny none "$client, default-features = false }"
  tiny rustls-aws-lc-rs "$client }"
  tiny rustls-ring "$client, default-features = false }
reqwest = { version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"] }
rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }"
  tiny native-tls "$client, default-features = false, features = [\"native-tls\"] }"
fi
if [ "$what" = test ] || [ "$what" = all ]; then
  target="$work/workspace-target"
  cold=$(CARGO_TARGET_DIR="$target" seconds cargo test --workspace --offline)
  warm=$(CARGO_TARGET_DIR="$target" seconds cargo test --workspace --offline)
  printf '| cargo test --workspace | cold %s s | warm %s s |\n' "$cold" "$warm"
fi
