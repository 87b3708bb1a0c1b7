// The crane-shaped test package: prints what its two registry
// dependencies give it, so that the binary shows it was really built.
fn main() {
    println!("{} {}", leaf_dep::leaf(), rerun_dep::GENERATED);
}

#[cfg(test)]
mod tests {
    #[test]
    fn dependencies_answer() {
        assert_eq!(leaf_dep::leaf(), "leaf");
        assert_eq!(rerun_dep::GENERATED, "generated");
    }
}
