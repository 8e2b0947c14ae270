"""The Python side of the Rust engine (framing._core): the boundary every native call crosses, the
translation of pack patterns into the engine's form, and the native sentiment and readability.
Nothing here imports the rest of framing."""
