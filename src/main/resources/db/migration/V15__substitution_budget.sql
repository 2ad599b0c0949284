-- Mode auto's daily budget (substitution.auto.daily-budget), shared by every desk on this state store: what the desk
-- spent on substitutes each day, reserved before each create call (released when TEvo certainly refused it). The day
-- is counted in substitution.auto.budget-zone (UTC by default), written yyyy-mm-dd.
create table substitution_budget (
    budget_day  varchar(10)    not null primary key,
    spent       decimal(19,6)  default 0 not null
);
-- the row locked while a reservation is decided: two desks never both spend the last of a day's budget
insert into desk_lock (name) values ('substitution-budget');
