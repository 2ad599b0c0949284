-- Several desks on one database (PostgreSQL): who is working on what.
-- A claim is held by one desk instance for state.claims.lease and renewed while that desk lives; a claim whose lease
-- ran out belongs to a desk that died (kill -9, lost node) and is taken over by another one. Keys: order:<id> (an
-- order queued, evaluated, accepted), item:<order id>:<item id> (an e-ticket delivery), file:<inbox>:<name> (a file).
create table work_claim (
    claim_key   varchar(600)  not null primary key,
    owner       varchar(200)  not null,
    lease_until timestamp with time zone not null,
    claimed_at  timestamp with time zone not null
);
create index work_claim_owner on work_claim (owner);
create index work_claim_lease on work_claim (lease_until);

-- Rows locked (select ... for update) to do one thing at a time across all desks: reservations (no two desks promise
-- the same tickets), outage alerts (one email per outage, whichever desk notices first).
create table desk_lock (
    name        varchar(50)   not null primary key
);
insert into desk_lock (name) values ('reservations');
insert into desk_lock (name) values ('outages');
