use proc_macro::TokenStream;

/// Expands to a string literal naming this macro crate.
#[proc_macro]
pub fn crate_tag(_input: TokenStream) -> TokenStream {
    "\"macros-v1\"".parse().unwrap()
}
