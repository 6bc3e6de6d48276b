package corpus

// Label is a stance label from the contract: what a quotation says about
// the vendor's position.
type Label string

// The stance labels of the contract.
const (
	NoCompetePledge         Label = "no-compete-pledge"
	AcknowledgesCoopetition Label = "acknowledges-coopetition"
	TrustPriority           Label = "trust-priority"
	CustomerSuccess         Label = "customer-success"
	DataPrivacyPledge       Label = "data-privacy-pledge"
	SovereigntyPledge       Label = "sovereignty-pledge"
	Other                   Label = "other"
)

// Labels lists every label in the contract's order.
var Labels = []Label{NoCompetePledge, AcknowledgesCoopetition, TrustPriority, CustomerSuccess, DataPrivacyPledge, SovereigntyPledge, Other}

// numLabels is len(Labels), as a constant.
const numLabels = 7
