-- E-ticket deliveries: one row per order item, recorded before the API call, so an item is never delivered twice.
create table eticket_delivery (
    order_id    bigint       not null,
    item_id     bigint       not null,  -- items[].id
    status      varchar(20)  not null,  -- DELIVERING, DELIVERED, FAILED
    file_name   varchar(500),
    detail      varchar(2000),
    updated_at  timestamp with time zone not null,
    primary key (order_id, item_id)
);
