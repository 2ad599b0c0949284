-- Buy side (routes/substitutions.camel.yaml): one row per purchase order a seller rejected, recorded before anything
-- is bought for it, so a substitute is created at most once. CREATING is written before the create call: a desk that
-- finds it later (a lost answer, a crash) re-reads the order group instead of posting again.
create table substitution (
    order_id        bigint        not null primary key,  -- the rejected purchase order
    order_group_id  bigint,
    status          varchar(20)   not null,  -- SEARCHING, CREATING, CREATED, PROPOSED, NOTHING_FOUND, UNSURE, PERSON, DRY_RUN
    listing_id      bigint,                  -- the listing being bought (CREATING) or bought (CREATED)
    new_order_id    bigint,                  -- the substitute purchase order
    tries           integer       default 0 not null,  -- create calls made
    detail          varchar(4000),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);
