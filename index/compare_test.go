package index

import (
	"slices"
	"testing"
)

func TestEachVendorFirst(t *testing.T) {
	res := func(vendors ...string) []result {
		out := make([]result, len(vendors))
		for i, v := range vendors {
			out[i].id = v + string(rune('0'+i))
			out[i].rec.Quote.Vendor = v
		}
		return out
	}
	tests := []struct {
		name    string
		in      []result
		vendors []string
		want    []string
	}{
		{"one vendor: unchanged", res("a", "a", "b"), []string{"a"}, []string{"a0", "a1", "b2"}},
		{"two vendors: the best of each first", res("a", "a", "a", "b", "a"), []string{"a", "b"}, []string{"a0", "b3", "a1", "a2", "a4"}},
		{"in rank order", res("b", "a", "b"), []string{"a", "b"}, []string{"b0", "a1", "b2"}},
		{"a vendor with nothing", res("a", "c", "a"), []string{"a", "b"}, []string{"a0", "c1", "a2"}},
		{"another vendor is not promoted", res("a", "a", "c", "b"), []string{"a", "b"}, []string{"a0", "b3", "a1", "c2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range eachVendorFirst(tt.in, tt.vendors) {
				got = append(got, r.id)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("eachVendorFirst(%v) = %v; want %v", tt.vendors, got, tt.want)
			}
		})
	}
}

func TestPeopleFirst(t *testing.T) {
	res := func(speakers ...string) []result {
		out := make([]result, len(speakers))
		for i, s := range speakers {
			out[i].id = string(rune('0' + i))
			out[i].rec.Quote.Speaker = s
		}
		return out
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
			var got []string
			for _, r := range peopleFirst(tt.in, tt.people) {
				got = append(got, r.id)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("peopleFirst(%v) = %v; want %v", tt.people, got, tt.want)
			}
		})
	}
}
