package corpus

// Preload reads the embedded label model now instead of at its first use
// (its features take a few milliseconds): a caller that will read a
// question or an article soon calls it in the background, while it does
// other work. It is safe to call at any time, any number of times. The
// vocabulary is left to its one reader, the index, which most often has
// it from its glossary cache.
func Preload() {
	loadedModel()
}
