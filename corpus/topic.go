package corpus

// Topic is what a quotation is about, from the contract: questions and
// quotations meet on topics whatever their language.
type Topic string

// The topics of the contract.
const (
	TopicCompetition      Topic = "competition"
	TopicCustomerData     Topic = "customer-data"
	TopicSovereignty      Topic = "sovereignty"
	TopicTrust            Topic = "trust"
	TopicGovernmentAccess Topic = "government-access"
	TopicPartnership      Topic = "partnership"
)

// Topics lists every topic in the contract's order.
var Topics = []Topic{TopicCompetition, TopicCustomerData, TopicSovereignty, TopicTrust, TopicGovernmentAccess, TopicPartnership}

// numTopics is len(Topics), as a constant.
const numTopics = 6
