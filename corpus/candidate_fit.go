package corpus

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The learned speaker and vendor steps choose among a quotation's
// candidates (people, vendors) with a logistic regression of "this
// candidate is the right one" over a few dozen features; both are fitted
// here.

// fitCandidates fits w, a weight per feature, by Newton's method on the
// L2-penalised log loss (penalty l2 on every weight but bias's, which gets
// next to none): a few dozen features, so each step solves the Hessian
// exactly. each calls visit with every candidate's features and whether
// it is a right one.
func fitCandidates(w []float64, steps, bias int, l2 float64, each func(visit func(fs []float32, right bool))) {
	n := len(w)
	for range steps {
		g := make([]float64, n)
		h := make([]float64, n*n)
		each(func(fs []float32, right bool) {
			p := sigmoid(weigh(w, fs))
			y := 0.0
			if right {
				y = 1
			}
			d, s := p-y, p*(1-p)
			for k, f := range fs {
				if f == 0 {
					continue
				}
				g[k] += d * float64(f)
				for j, f2 := range fs[:k+1] {
					if f2 != 0 {
						h[k*n+j] += s * float64(f) * float64(f2)
					}
				}
			}
		})
		for k := range n {
			for j := range k {
				h[j*n+k] = h[k*n+j]
			}
			r := l2
			if k == bias {
				r = 1e-6
			}
			g[k] += r * w[k]
			h[k*n+k] += r
		}
		d := solve(h, g, n)
		for k := range w {
			w[k] -= d[k]
		}
	}
}

// weigh is a candidate's score under the weights w.
func weigh(w []float64, fs []float32) float64 {
	z := 0.0
	for k, f := range fs {
		if f != 0 {
			z += w[k] * float64(f)
		}
	}
	return z
}

// solve solves h·x = g for a symmetric positive definite h (n×n, row
// major) by Cholesky decomposition; h is overwritten.
func solve(h, g []float64, n int) []float64 {
	for k := range n {
		for j := range k {
			h[k*n+k] -= h[k*n+j] * h[k*n+j]
		}
		h[k*n+k] = math.Sqrt(h[k*n+k])
		for i := k + 1; i < n; i++ {
			v := h[i*n+k]
			for j := range k {
				v -= h[i*n+j] * h[k*n+j]
			}
			h[i*n+k] = v / h[k*n+k]
		}
	}
	y := make([]float64, n)
	for i := range n {
		v := g[i]
		for j := range i {
			v -= h[i*n+j] * y[j]
		}
		y[i] = v / h[i*n+i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		v := y[i]
		for j := i + 1; j < n; j++ {
			v -= h[j*n+i] * x[j]
		}
		x[i] = v / h[i*n+i]
	}
	return x
}

// readFeatureWeights reads a candidate model's file into w: one line per
// feature, "name\tweight", named as in names ("" names none); "#" lines
// are comments. A line whose name other takes (true) is its own.
func readFeatureWeights(data []byte, names []string, w []float32, other func(name string, v float64) (bool, error)) error {
	index := map[string]int{}
	for i, n := range names {
		if n != "" {
			index[n] = i
		}
	}
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, val, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("line %d: want name<TAB>value, got %q", n+1, line)
		}
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
		if other != nil {
			if taken, err := other(name, f); err != nil {
				return fmt.Errorf("line %d: %w", n+1, err)
			} else if taken {
				continue
			}
		}
		k, ok := index[name]
		if !ok {
			return fmt.Errorf("line %d: unknown feature %q", n+1, name)
		}
		w[k] = float32(f)
	}
	return nil
}
