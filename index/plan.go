package index

import "sync"

// planCache keeps the plans of the last questions asked (Ask's plan),
// while the index does not change: the same question asked again, from
// a thread's follow-up, a shared answer or another user, is not read
// again.
type planCache struct {
	mu    sync.Mutex
	gen   uint64
	plans map[planKey]plan
	order []planKey // oldest first
}

// planKey is what a plan depends on besides the index.
type planKey struct{ question, vendors, lang string }

// planCacheSize bounds the plans kept.
const planCacheSize = 256

func (c *planCache) get(k planKey, gen uint64) (plan, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return plan{}, false
	}
	p, ok := c.plans[k]
	return p, ok
}

func (c *planCache) put(k planKey, gen uint64, p plan) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.plans == nil {
		c.gen, c.plans, c.order = gen, map[planKey]plan{}, nil
	}
	if _, ok := c.plans[k]; ok {
		return
	}
	if len(c.order) == planCacheSize {
		delete(c.plans, c.order[0])
		c.order = c.order[1:]
	}
	c.plans[k] = p
	c.order = append(c.order, k)
}
