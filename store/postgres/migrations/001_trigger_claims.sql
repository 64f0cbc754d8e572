-- Trigger claims: when each rule last fired for each account, for
-- cooldowns shared by every replica of a host platform. Times are
-- nanoseconds since the Unix epoch, exact for every instant a store keeps
-- (trigger.MinTime to trigger.MaxTime: 1677-09-21 to 2262-04-11 UTC).
CREATE TABLE IF NOT EXISTS prioritize_trigger_claims (
    account   text   NOT NULL,
    rule      text   NOT NULL,
    fired_ns  bigint NOT NULL, -- when the rule last fired for the account
    until_ns  bigint NOT NULL, -- when its cooldown ends: the claim can be evicted after
    PRIMARY KEY (account, rule)
);

CREATE INDEX IF NOT EXISTS prioritize_trigger_claims_until ON prioritize_trigger_claims (until_ns);
