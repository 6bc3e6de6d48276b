//go:build !unix

package index

import "os"

// mapFile reads the file at path: there is no mapping here.
func mapFile(path string) (b []byte, unmap func(), err error) {
	b, err = os.ReadFile(path)
	return b, func() {}, err
}
