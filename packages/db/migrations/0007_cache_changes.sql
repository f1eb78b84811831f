-- Caches in the API processes are told what changed, once the change is committed: each process
-- forgets what the change touched, so none serves a stale answer, whichever process (or job, or
-- operator at a psql prompt) made the change.
--
-- Searches. The API keeps what searches read most (which offers match a search, each offer's result card
-- with its seats, a pupil's search profile) in memory. The database tells every API process what
-- changed, on the channel tremplin_search, once the change is committed, so that no process shows
-- a stale result: the payload is the table's name, or for applications "applications:" and the
-- offers whose seats moved (just "applications" when a statement touched over 100 offers).
create function search_source_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('tremplin_search', tg_table_name);
  return null;
end $$;
--> statement-breakpoint
create function search_seats_changed() returns trigger language plpgsql as $$
declare
  offer_ids text;
  offer_count int;
begin
  if tg_op = 'INSERT' then
    select string_agg(distinct offer_id::text, ','), count(distinct offer_id)
      into offer_ids, offer_count from changed_new;
  elsif tg_op = 'DELETE' then
    select string_agg(distinct offer_id::text, ','), count(distinct offer_id)
      into offer_ids, offer_count from changed_old;
  else
    select string_agg(distinct offer_id::text, ','), count(distinct offer_id)
      into offer_ids, offer_count
      from (select offer_id from changed_new union all select offer_id from changed_old) c;
  end if;
  if offer_count > 100 then
    perform pg_notify('tremplin_search', 'applications');
  elsif offer_count > 0 then
    perform pg_notify('tremplin_search', 'applications:' || offer_ids);
  end if;
  return null;
end $$;
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on offers
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on offer_periods
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on companies
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on students
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on schools
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed after insert or update or delete or truncate on stage_weeks
  for each statement execute function search_source_changed();
--> statement-breakpoint
create trigger search_changed_insert after insert on applications
  referencing new table as changed_new
  for each statement execute function search_seats_changed();
--> statement-breakpoint
create trigger search_changed_update after update on applications
  referencing old table as changed_old new table as changed_new
  for each statement execute function search_seats_changed();
--> statement-breakpoint
create trigger search_changed_delete after delete on applications
  referencing old table as changed_old
  for each statement execute function search_seats_changed();
--> statement-breakpoint
create trigger search_changed_truncate after truncate on applications
  for each statement execute function search_source_changed();
--> statement-breakpoint
-- Sessions. The API keeps who a session token names, with their roles, for a few seconds; a
-- sign-out, a suspension, a new sign-in code or a role change must end that at once. The payload
-- on tremplin_sessions names the people concerned ("*" for everyone: over 100 in one statement).
create function sessions_changed() returns trigger language plpgsql as $$
declare
  people text;
  people_count int;
  source text;
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('tremplin_sessions', '*');
    return null;
  end if;
  source := case tg_op
    when 'INSERT' then 'select %1$I from changed_new'
    when 'DELETE' then 'select %1$I from changed_old'
    else 'select %1$I from changed_new union all select %1$I from changed_old'
  end;
  execute format(
    'select string_agg(distinct k::text, '',''), count(distinct k) from (' || source || ') c(k)',
    tg_argv[0]
  ) into people, people_count;
  if people_count > 100 then
    perform pg_notify('tremplin_sessions', '*');
  elsif people_count > 0 then
    perform pg_notify('tremplin_sessions', people);
  end if;
  return null;
end $$;
--> statement-breakpoint
create trigger sessions_changed_update after update on sessions
  referencing old table as changed_old new table as changed_new
  for each statement execute function sessions_changed('user_id');
--> statement-breakpoint
create trigger sessions_changed_delete after delete on sessions
  referencing old table as changed_old
  for each statement execute function sessions_changed('user_id');
--> statement-breakpoint
create trigger sessions_changed_truncate after truncate on sessions
  for each statement execute function sessions_changed();
--> statement-breakpoint
create trigger sessions_changed_update after update on users
  referencing old table as changed_old new table as changed_new
  for each statement execute function sessions_changed('id');
--> statement-breakpoint
create trigger sessions_changed_delete after delete on users
  referencing old table as changed_old
  for each statement execute function sessions_changed('id');
--> statement-breakpoint
create trigger sessions_changed_truncate after truncate on users
  for each statement execute function sessions_changed();
--> statement-breakpoint
create trigger sessions_changed_insert after insert on user_roles
  referencing new table as changed_new
  for each statement execute function sessions_changed('user_id');
--> statement-breakpoint
create trigger sessions_changed_update after update on user_roles
  referencing old table as changed_old new table as changed_new
  for each statement execute function sessions_changed('user_id');
--> statement-breakpoint
create trigger sessions_changed_delete after delete on user_roles
  referencing old table as changed_old
  for each statement execute function sessions_changed('user_id');
--> statement-breakpoint
create trigger sessions_changed_truncate after truncate on user_roles
  for each statement execute function sessions_changed();
