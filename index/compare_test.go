package index

import (
	"slices"
	"testing"
)

// results are results numbered "0", "1", … in order, each given its
// value of set.
func results(set func(r *result, v string), values ...string) []result {
	out := make([]result, len(values))
	for i, v := range values {
		out[i].id = string(rune('0' + i))
		set(&out[i], v)
	}
	return out
}

func resultIDs(rs []result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.id)
	}
	return out
}

func TestEachVendorFirst(t *testing.T) {
	res := func(vendors ...string) []result {
		return results(func(r *result, v string) { r.rec.Quote.Vendor = v }, vendors...)
	}
	tests := []struct {
		name    string
		in      []result
		vendors []string
		want    []string
	}{
		{"one vendor: unchanged", res("a", "a", "b"), []string{"a"}, []string{"0", "1", "2"}},
		{"two vendors: the best of each first", res("a", "a", "a", "b", "a"), []string{"a", "b"}, []string{"0", "3", "1", "2", "4"}},
		{"in rank order", res("b", "a", "b"), []string{"a", "b"}, []string{"0", "1", "2"}},
		{"a vendor with nothing", res("a", "c", "a"), []string{"a", "b"}, []string{"0", "1", "2"}},
		{"another vendor is not promoted", res("a", "a", "c", "b"), []string{"a", "b"}, []string{"0", "3", "1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resultIDs(eachVendorFirst(tt.in, tt.vendors)); !slices.Equal(got, tt.want) {
				t.Errorf("eachVendorFirst(%v) = %v; want %v", tt.vendors, got, tt.want)
			}
		})
	}
}

func TestPeopleFirst(t *testing.T) {
	res := func(speakers ...string) []result {
		return results(func(r *result, s string) { r.rec.Quote.Speaker = s }, speakers...)
	}
	tests := []struct {
		name   string
		in     []result
		people []string
		want   []string
	}{
		{"nobody named: unchanged", res("Ada Varga", "Jane Roe"), nil, []string{"0", "1"}},
		{"the person named first, in rank order", res("Ada Varga", "Jane Roe", "", "jane roe"), []string{"Jane Roe"}, []string{"1", "3", "0", "2"}},
		{"the person named never quoted here: unchanged", res("Ada Varga", ""), []string{"Jane Roe"}, []string{"0", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resultIDs(peopleFirst(tt.in, tt.people)); !slices.Equal(got, tt.want) {
				t.Errorf("peopleFirst(%v) = %v; want %v", tt.people, got, tt.want)
			}
		})
	}
}
