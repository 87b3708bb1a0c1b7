release/deps/app: src/main.rs
