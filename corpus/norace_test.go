//go:build !race

package corpus

// raceBuild is set when the race detector is on (see race_test.go).
const raceBuild = false
