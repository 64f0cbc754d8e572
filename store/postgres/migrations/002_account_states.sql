-- Account states: each account's prioritize.State (its place on the tier
-- ladder with the floors fired triggers set, its trigger history, people's
-- overrides and grade) in one row, with the sequence number of the last
-- change applied to it and a version that every write increments, for
-- compare-and-swap. Written by postgres.Accounts.
CREATE TABLE IF NOT EXISTS prioritize_account_states (
    account    text   PRIMARY KEY,
    seq        bigint NOT NULL,  -- the last change applied (0: none yet)
    version    bigint NOT NULL,  -- incremented by every write
    state      jsonb  NOT NULL,  -- prioritize.State, as encoding/json writes it
    updated_ns bigint NOT NULL   -- when it was last written, in nanoseconds since the Unix epoch (the change's instant)
);

-- Firings: every trigger a change fired, written in the transaction that
-- applied the change, once: an outbox from which the host announces them.
CREATE TABLE IF NOT EXISTS prioritize_firings (
    account  text   NOT NULL,
    seq      bigint NOT NULL,  -- the change that fired it
    rule     text   NOT NULL,
    fired_ns bigint NOT NULL,  -- the change's instant, in nanoseconds since the Unix epoch
    firing   jsonb  NOT NULL,  -- trigger.Fired, as encoding/json writes it
    PRIMARY KEY (account, seq, rule)
);
