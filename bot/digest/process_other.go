//go:build !linux

package bot

// Outside Linux the bot cannot tell a process's start time or whether a
// pid is running without platform code, so claims wait to be stale.

func processStart(pid int) string { return "" }

func processAlive(pid int) (alive, known bool) { return false, false }

func bootID() string { return "" }

func pidNamespace() string { return "" }
