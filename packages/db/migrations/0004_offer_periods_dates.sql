DROP INDEX "offer_periods_offer_id_index";--> statement-breakpoint
CREATE INDEX "offer_periods_offer_id_start_date_end_date_index" ON "offer_periods" USING btree ("offer_id","start_date","end_date");