//go:build race

package corpus

// raceBuild is set when the race detector is on, which makes parsing
// several times slower: the hostile probes shrink to stay quick.
const raceBuild = true
