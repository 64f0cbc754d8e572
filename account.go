package prioritize

import "time"

// Stage is an account's lifecycle stage. It is an alias of string, so that
// rules compare it with string literals: stage == 'renewal'.
type Stage = string

// The lifecycle stages of the framework.
const (
	Onboarding Stage = "onboarding"
	Adoption   Stage = "adoption"
	Expansion  Stage = "growth"
	Renewal    Stage = "renewal"
	Advocacy   Stage = "advocacy"
)

// Account is the reference account model: the data points the framework
// rates, as a CS platform holds them. Its expr tags are the names rules
// and triggers use ("cur.usage_pct", "days_until(renewal_date)").
//
// Percentages are 0-100 (usage growth and revenue trend may be negative or
// above 100); ratings written by the account team (strategic value, ICP fit,
// champion strength) are 0-100.
type Account struct {
	// CRM
	ID            string    `json:"id" expr:"id"`
	Name          string    `json:"name" expr:"name"`
	Industry      string    `json:"industry" expr:"industry"`
	Employees     int       `json:"employees" expr:"employees"`
	MRR           float64   `json:"mrr" expr:"mrr"`                       // monthly recurring revenue, dollars
	ContractValue float64   `json:"contract_value" expr:"contract_value"` // annual, dollars
	TenureMonths  float64   `json:"tenure_months" expr:"tenure_months"`
	RenewalDate   time.Time `json:"renewal_date" expr:"renewal_date"`
	// AsOf is when this snapshot of the account was taken: the timing
	// factor counts the days from AsOf to RenewalDate, so a score depends
	// on the data alone, not on when it is computed.
	AsOf             time.Time `json:"as_of" expr:"as_of"`
	PotentialARR     float64   `json:"potential_arr" expr:"potential_arr"`         // dollars a year the account could add
	GrowthLikelihood float64   `json:"growth_likelihood" expr:"growth_likelihood"` // 0-100

	// Product
	SeatsUsed       int     `json:"seats_used" expr:"seats_used"`
	SeatLimit       int     `json:"seat_limit" expr:"seat_limit"`
	UsagePct        float64 `json:"usage_pct" expr:"usage_pct"`       // % of the plan's limit in use
	UsageGrowth     float64 `json:"usage_growth" expr:"usage_growth"` // % over the last quarter
	ActiveUsers     int     `json:"active_users" expr:"active_users"`
	Logins30d       int     `json:"logins_30d" expr:"logins_30d"`
	FeatureAdoption float64 `json:"feature_adoption" expr:"feature_adoption"` // % of key features in use
	TeamGrowth      float64 `json:"team_growth" expr:"team_growth"`           // % headcount growth of the customer's team

	// Finance
	PaymentFailures int     `json:"payment_failures" expr:"payment_failures"`
	RevenueTrend    float64 `json:"revenue_trend" expr:"revenue_trend"`   // % change of revenue over 12 months
	Expansions      int     `json:"expansions" expr:"expansions"`         // expansions so far
	FundingRounds   int     `json:"funding_rounds" expr:"funding_rounds"` // funding rounds the customer has announced

	// Relationship
	Champion           bool    `json:"champion" expr:"champion"`
	ChampionStrength   float64 `json:"champion_strength" expr:"champion_strength"` // 0-100
	ExecSponsor        bool    `json:"exec_sponsor" expr:"exec_sponsor"`
	NPS                float64 `json:"nps" expr:"nps"`   // the account's latest NPS answer, 0-10
	CSAT               float64 `json:"csat" expr:"csat"` // 0-100
	Escalations        int     `json:"escalations" expr:"escalations"`
	CompetitorMentions int     `json:"competitor_mentions" expr:"competitor_mentions"`
	StrategicValue     float64 `json:"strategic_value" expr:"strategic_value"` // 0-100
	ICPFit             float64 `json:"icp_fit" expr:"icp_fit"`                 // 0-100
	Stage              Stage   `json:"stage" expr:"stage"`
}

// DaysToRenewal returns the days from AsOf to RenewalDate, or NaN when
// either is not set.
func (a *Account) DaysToRenewal() float64 {
	if a.AsOf.IsZero() || a.RenewalDate.IsZero() {
		return nan
	}
	return a.RenewalDate.Sub(a.AsOf).Hours() / 24
}
