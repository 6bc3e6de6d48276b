package index

import "syscall"

// ctime is a Linux stat's change time, in Unix nanoseconds.
func ctime(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }
