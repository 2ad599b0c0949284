-- The trace an order's accept ran in (W3C traceparent), kept only while traces are exported: a PDF delivered later
-- from an inbox continues that trace (README, "Operations", Traces).
alter table desk_order add column trace_parent varchar(64);
