//go:build !linux

package corpus

import "io/fs"

// rawList: elsewhere than on Linux, a *Dir is listed as any fs.FS.
const rawList = false

func (w *walker[S]) rawFolder(string) error { panic("corpus: no raw listing here") }

func ownInfo(info fs.FileInfo) fs.FileInfo { return info }
