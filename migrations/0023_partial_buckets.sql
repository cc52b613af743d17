CREATE TABLE "chat_partial_buckets" (
	"chat_id" bigint NOT NULL,
	"unit" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"senders" integer NOT NULL,
	CONSTRAINT "chat_partial_buckets_chat_id_unit_first_day_last_day_pk" PRIMARY KEY("chat_id","unit","first_day","last_day")
);
