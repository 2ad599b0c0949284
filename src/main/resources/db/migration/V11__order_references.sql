-- The broker's own reference written onto an accepted order in TEvo (routes/order-references.camel.yaml): recorded
-- before the PUT, so it is written once; a failed PUT is tried again on a schedule.
create table order_reference (
    order_id        bigint        not null primary key,
    po_number       varchar(200),
    invoice_number  varchar(200),
    status          varchar(10)   not null,  -- PENDING, DONE, FAILED
    attempts        integer       default 0 not null,
    next_attempt_at timestamp with time zone,
    last_error      varchar(2000),
    updated_at      timestamp with time zone not null
);
create index order_reference_due on order_reference (status, next_attempt_at);
