package corpus

// Preload reads the embedded label model and vocabulary now instead of at
// their first use (each takes a few milliseconds to parse): a caller that
// will read a question or an article soon calls it in the background,
// while it does other work. It is safe to call at any time, any number of
// times.
func Preload() {
	loadedModel()
	builtinVocabulary()
}
