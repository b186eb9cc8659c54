/* web.h - the citizen portal: pages rendered on the server from the templates
 * in web/templates (tmpl.h), and the static files of web/static, all loaded
 * once at start. Every page works without JavaScript. */
#ifndef MC_WEB_H
#define MC_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

/** Loads dir/templates/\*.html and dir/static/\* into the app. false with the
 *  reason in err when a template does not parse or a folder is missing. */
bool web_load(app *a, const char *dir, char *err, size_t errlen);
/** Frees what web_load loaded. */
void web_unload(app *a);

/** GET / : search, fields, the service center and its hours, tracking. */
mc_err web_home(api_req *r, mc_error *err);
/** GET /thu-tuc?q=&field= : procedures found. */
mc_err web_search(api_req *r, mc_error *err);
/** GET /thu-tuc/{code} : a procedure in plain words. */
mc_err web_procedure(api_req *r, mc_error *err);
/** GET /tra-cuu?code=&key= : the tracking form, and the dossier's state. */
mc_err web_track(api_req *r, mc_error *err);
/** GET /static/{file} : a file of web/static, cacheable. */
mc_err web_static(api_req *r, mc_error *err);
/* Account (web_account.c). */
/** GET /dang-nhap?next= : the login form. */
mc_err web_login_form(api_req *r, mc_error *err);
/** POST /dang-nhap : logs in, then to `next` or the user's start page. */
mc_err web_login(api_req *r, mc_error *err);
/** Admission of the login form: the page again with the wait, before the slow check is queued. */
mc_err web_login_admit(api_req *r, mc_error *err);
/** POST /dang-xuat : logs out. */
mc_err web_logout(api_req *r, mc_error *err);
/** GET /dang-ky : the registration form. */
mc_err web_register_form(api_req *r, mc_error *err);
/** POST /dang-ky : registers a citizen and logs them in. */
mc_err web_register(api_req *r, mc_error *err);
/** Admission of the registration form: counts it per address; the form again with the wait past the limit. */
mc_err web_register_admit(api_req *r, mc_error *err);
/** GET /ho-so-cua-toi : the citizen's drafts and dossiers. */
mc_err web_my(api_req *r, mc_error *err);

/* Online submission (web_submit.c). */
/** GET /nop-ho-so/{code}?nhap= : the submission form (new, or a draft). */
mc_err web_submit_form(api_req *r, mc_error *err);
/** POST /nop-ho-so/{code} (multipart) : saves the draft with its files, then review or back. */
mc_err web_submit_save(api_req *r, mc_error *err);
/** GET /ho-so-nhap/{id} : the review of a draft. */
mc_err web_draft(api_req *r, mc_error *err);
/** POST /ho-so-nhap/{id}/nop : submits the draft as a dossier. */
mc_err web_draft_submit(api_req *r, mc_error *err);
/** POST /ho-so-nhap/{id}/xoa : deletes the draft. */
mc_err web_draft_delete(api_req *r, mc_error *err);
/** GET /ho-so-cua-toi/{code} : the citizen's dossier, with the supplement form when asked. */
mc_err web_my_dossier(api_req *r, mc_error *err);
/** POST /ho-so-cua-toi/{code}/bo-sung (multipart) : uploads the documents asked for and resubmits. */
mc_err web_supplement(api_req *r, mc_error *err);
/** POST /ho-so-cua-toi/{code}/dung : the applicant asks online to stop their dossier (reason, confirmation);
 *  the system stops it and issues the notice (Decree 118/2025 Art. 21(2)). */
mc_err web_stop_request(api_req *r, mc_error *err);

/* Officers' console (web_console.c). */
/** GET /can-bo?class=&q= : the inbox by deadline class. */
mc_err web_inbox(api_req *r, mc_error *err);
/** GET /can-bo/ho-so/{code} : a dossier with the actions allowed now. */
mc_err web_case(api_req *r, mc_error *err);
/** POST /can-bo/ho-so/{code}/{action} : does the action. */
mc_err web_case_act(api_req *r, mc_error *err);
/** GET /can-bo/tiep-nhan?q=&thu_tuc= : counter intake. */
mc_err web_intake(api_req *r, mc_error *err);
/** POST /can-bo/tiep-nhan : receives (accept, supplement or refuse). */
mc_err web_intake_save(api_req *r, mc_error *err);
/** GET /quan-tri/may-tram : the commune nodes and their connection (web_nodes.c). */
mc_err web_admin_nodes(api_req *r, mc_error *err);
mc_err web_admin_node_take_back(api_req *r, mc_error *err);
/** GET /can-bo/xung-dot-dong-bo?state= : the conflicts of the commune nodes' exchange (web_nodes.c). */
mc_err web_node_conflicts(api_req *r, mc_error *err);
/** POST /can-bo/xung-dot-dong-bo/{id}/da-xu-ly : closes one with a note. */
mc_err web_node_conflict_resolve(api_req *r, mc_error *err);
/** GET /can-bo/qua-han?unit= : the overdue dossiers, with downloads. */
mc_err web_late(api_req *r, mc_error *err);
/** GET /can-bo/thong-ke?unit=&from=&to= : report II.06a. */
mc_err web_stats(api_req *r, mc_error *err);
/* web_index766.c */
mc_err web_index766(api_req *r, mc_error *err);
mc_err web_index766_ranking(api_req *r, mc_error *err);
mc_err web_index766_costs(api_req *r, mc_error *err);
mc_err web_board(api_req *r, mc_error *err);

/* Administration (web_admin.c). */
/** GET /quan-tri/don-vi : the units, and a form to add one. */
mc_err web_admin_units(api_req *r, mc_error *err);
/** POST /quan-tri/don-vi : adds a unit. */
mc_err web_admin_unit_add(api_req *r, mc_error *err);
/** GET /quan-tri/nguoi-dung : users and roles, and a form to add one. */
mc_err web_admin_users(api_req *r, mc_error *err);
/** POST /quan-tri/nguoi-dung : adds a user. */
mc_err web_admin_user_add(api_req *r, mc_error *err);
mc_err web_admin_user_disable(api_req *r, mc_error *err);
mc_err web_admin_user_enable(api_req *r, mc_error *err);
/** GET /quan-tri/danh-muc : the catalog import form. */
mc_err web_admin_catalog(api_req *r, mc_error *err);
/** POST /quan-tri/danh-muc (multipart) : imports a catalog file, all or nothing. */
mc_err web_admin_catalog_import(api_req *r, mc_error *err);
/** GET /quan-tri/lich?year= : days off, make-up days, office hours of a year. */
mc_err web_admin_calendar(api_req *r, mc_error *err);
/** POST /quan-tri/lich/ngay : sets a day off or a make-up day. */
mc_err web_admin_day_put(api_req *r, mc_error *err);
/** GET /quan-tri/doi-soat : the bank statement upload. */
mc_err web_admin_payments(api_req *r, mc_error *err);
/** POST /quan-tri/doi-soat (multipart) : matches a statement to fees and shows every line's outcome. */
mc_err web_admin_payments_import(api_req *r, mc_error *err);
/** POST /quan-tri/lich/gio : adds a seasonal office-hours schedule. */
mc_err web_admin_schedule_add(api_req *r, mc_error *err);
/** POST /quan-tri/lich/gio/{id}/xoa : removes a seasonal schedule. */
mc_err web_admin_schedule_delete(api_req *r, mc_error *err);
/** POST /quan-tri/lich/ngay/{date}/xoa : removes a day. */
mc_err web_admin_day_delete(api_req *r, mc_error *err);
/** POST /quan-tri/lich/nam/{year}/xac-nhan : confirms a year's proposed days. */
mc_err web_admin_year_confirm(api_req *r, mc_error *err);

/* Ratings (web_ratings.c). */
/** POST /tra-cuu/danh-gia : rates a returned dossier with its code and tracking key (form fields code, key,
 *  overall, q_<question>, comment), then back to its tracking page with the thanks and the facts. */
mc_err web_track_rate(api_req *r, mc_error *err);
/** POST /ho-so-cua-toi/{code}/danh-gia : the logged-in citizen rates their own returned dossier. */
mc_err web_my_rate(api_req *r, mc_error *err);
/** GET /can-bo/ho-so/{code}/danh-gia : the counter tablet page the receiver opens for the applicant in front of
 *  them: large choices, no officer data. */
mc_err web_counter_rating(api_req *r, mc_error *err);
/** POST /can-bo/danh-gia/{code} : records the counter rating, then the thank-you screen. */
mc_err web_counter_rate(api_req *r, mc_error *err);
/** GET /can-bo/danh-gia-xong : the thank-you screen, ready for the next person. */
mc_err web_counter_rated(api_req *r, mc_error *err);

/** An error as a page (for the transport, before a page's handler ran). */
mc_err web_error_page(api_req *r, int status, const char *message);
/** Sets a redirect to the login page that comes back here afterwards: this
 *  page for a GET, the page the form was on (same-site Referer) for a POST. */
void web_to_login(api_req *r);
/** Whether `next` is a path of this site that is safe to redirect to. */
bool web_local_path(const char *next);

/** Any other GET outside /api/: the "page not found" page (404). */
mc_err web_not_found(api_req *r, mc_error *err);

/* web_surveys.c (SIPAS, issue 14) */
/** /can-bo/khao-sat: the campaigns in reach and, for who may, the form to create one. */
mc_err web_surveys(api_req *r, mc_error *err);
/** POST /can-bo/khao-sat: creates a campaign, then its page. */
mc_err web_surveys_create(api_req *r, mc_error *err);
/** /can-bo/khao-sat/{id}: the campaign, its sample and invites, the paper import, the results. */
mc_err web_survey(api_req *r, mc_error *err);
/** POST …/rut-mau: draws the sample and shows the links this once (printable, CSV). */
mc_err web_survey_draw(api_req *r, mc_error *err);
/** POST …/nhap: imports paper answers; the faults line by line when refused. */
mc_err web_survey_import(api_req *r, mc_error *err);
/** POST …/ket-thuc: closes the campaign. */
mc_err web_survey_close(api_req *r, mc_error *err);
/** /khao-sat/{token}: the public answering page (no login). */
mc_err web_survey_answer_form(api_req *r, mc_error *err);
/** POST /khao-sat/{token}: records the answer once. */
mc_err web_survey_answer(api_req *r, mc_error *err);

/* web_inspections.c (CCHC inspections, issue 15) */
/** /can-bo/kiem-tra: the plans and inspections in reach; for managers the forms to plan and to inspect ad hoc. */
mc_err web_inspections(api_req *r, mc_error *err);
/** POST /can-bo/kiem-tra/ke-hoach: creates a plan, then its page. */
mc_err web_inspection_plan_create(api_req *r, mc_error *err);
/** /can-bo/kiem-tra/ke-hoach/{id}: a plan, its targets, the forms to add one and to open an inspection. */
mc_err web_inspection_plan(api_req *r, mc_error *err);
/** POST …/ke-hoach/{id}/doi-tuong: adds a target. */
mc_err web_inspection_target_add(api_req *r, mc_error *err);
/** POST /can-bo/kiem-tra/cuoc: opens an inspection (of a target, or ad hoc). */
mc_err web_inspection_open(api_req *r, mc_error *err);
/** /can-bo/kiem-tra/cuoc/{id}: the record: the data drawn from motcua, findings, remedies, the forms. */
mc_err web_inspection(api_req *r, mc_error *err);
/** POST …/cuoc/{id}/phat-hien: records a finding. */
mc_err web_inspection_finding(api_req *r, mc_error *err);
/** POST …/phat-hien/{n}/khac-phuc (multipart): a remedy report with evidence files. */
mc_err web_inspection_remedy(api_req *r, mc_error *err);
/** POST …/phat-hien/{n}/dong: closes a finding as remedied. */
mc_err web_inspection_close(api_req *r, mc_error *err);
/** POST …/cuoc/{id}/ket-luan: records the conclusion. */
mc_err web_inspection_conclude(api_req *r, mc_error *err);
/** /can-bo/kiem-tra/thong-ke: findings per unit and period. */
mc_err web_inspection_stats(api_req *r, mc_error *err);

/* web_feedback.c (phản ánh, kiến nghị, issue 15) */
/** GET /phan-anh?ho_so= : the form to send feedback (with or without an account). */
mc_err web_feedback_form(api_req *r, mc_error *err);
/** POST /phan-anh : sends it; the form again with the message beside the field, or on to its code and key. */
mc_err web_feedback_send(api_req *r, mc_error *err);
/** GET /phan-anh/da-gui?code=&key= : the code and tracking key to keep, and the deadlines. */
mc_err web_feedback_sent(api_req *r, mc_error *err);
/** GET /phan-anh/tra-cuu?code=&key= : the item's state, deadlines, answer, and the verdict form once answered. */
mc_err web_feedback_track(api_req *r, mc_error *err);
/** POST /phan-anh/tra-cuu/danh-gia : the sender says whether the answer satisfied them (code, key, satisfied). */
mc_err web_feedback_track_rate(api_req *r, mc_error *err);
/** GET /phan-anh/da-tra-loi : the published answers, without personal data. */
mc_err web_feedback_public(api_req *r, mc_error *err);
/** GET /can-bo/phan-anh?state= : the items the officer may read, with deadlines and alerts. */
mc_err web_feedback_list(api_req *r, mc_error *err);
/** GET /can-bo/phan-anh/moi : the form to record feedback received at the counter or by phone. */
mc_err web_feedback_new(api_req *r, mc_error *err);
/** POST /can-bo/phan-anh/moi : records it, then its page with the code and key to give the sender. */
mc_err web_feedback_record(api_req *r, mc_error *err);
/** GET /can-bo/phan-anh/{code} : an item, its sender, deadlines, journal and the actions the officer may take. */
mc_err web_feedback_case(api_req *r, mc_error *err);
/** POST /can-bo/phan-anh/{code}/{action} : accept, refuse, transfer or answer. */
mc_err web_feedback_act(api_req *r, mc_error *err);

/* web_legal_docs.c (the register of legal normative documents, issue 16) */
/** GET /can-bo/van-ban: the register with its filters. */
mc_err web_legal_docs(api_req *r, mc_error *err);
/** GET and POST /can-bo/van-ban/moi: a new document (multipart with its file). */
mc_err web_legal_doc_new(api_req *r, mc_error *err);
mc_err web_legal_doc_create(api_req *r, mc_error *err);
/** GET /can-bo/van-ban/{id}: a document, its changes, relations, reviews, citing and flagged procedures, forms. */
mc_err web_legal_doc(api_req *r, mc_error *err);
/** GET and POST /can-bo/van-ban/{id}/sua: edit a document. */
mc_err web_legal_doc_edit(api_req *r, mc_error *err);
mc_err web_legal_doc_save(api_req *r, mc_error *err);
/** POST /can-bo/van-ban/{id}/hieu-luc: a change of validity or a relation. */
mc_err web_legal_doc_change(api_req *r, mc_error *err);
/** POST /can-bo/van-ban/{id}/ra-soat: a review or self-check. */
mc_err web_legal_doc_review(api_req *r, mc_error *err);
/** GET /can-bo/van-ban/he-thong-hoa: the three lists of a five-year cycle, with the CSV link. */
mc_err web_legal_docs_system(api_req *r, mc_error *err);
/** GET /can-bo/thu-tuc-can-cap-nhat and POST .../{id}/xong: the flagged procedures; clearing one. */
mc_err web_legal_flags(api_req *r, mc_error *err);
mc_err web_legal_flag_clear(api_req *r, mc_error *err);
/** GET /van-ban: the public list of documents in force. */
mc_err web_public_legal_docs(api_req *r, mc_error *err);
/* web_tasks.c (directives, plans and tasks; reform news; issue 16) */
/** /can-bo/nhiem-vu: the tasks of my body (?view=mine) or assigned by it (view=assigned), by state, overdue. */
mc_err web_tasks(api_req *r, mc_error *err);
/** /can-bo/nhiem-vu/{id}: a task, its reports, the report form; the sub-plan form for the lead's leaders. */
mc_err web_task(api_req *r, mc_error *err);
/** POST /can-bo/nhiem-vu/{id}/bao-cao: a progress report with evidence files (multipart). */
mc_err web_task_report(api_req *r, mc_error *err);
/** /can-bo/van-ban-chi-dao: the steering documents in reach, the form to issue one. */
mc_err web_task_docs(api_req *r, mc_error *err);
/** POST /can-bo/van-ban-chi-dao: issues a document (or, with implements, a sub-plan). */
mc_err web_task_doc_create(api_req *r, mc_error *err);
/** /can-bo/van-ban-chi-dao/{id}: a document, its tasks tree, the form to add a task. */
mc_err web_task_doc(api_req *r, mc_error *err);
/** POST /can-bo/van-ban-chi-dao/{id}/nhiem-vu: adds a task. */
mc_err web_task_add(api_req *r, mc_error *err);
/** /can-bo/tin-tuc: reform news of the province, the form to publish one. */
mc_err web_news_admin(api_req *r, mc_error *err);
/** POST /can-bo/tin-tuc: publishes an item. */
mc_err web_news_publish(api_req *r, mc_error *err);
/** POST /can-bo/tin-tuc/{key}/go: withdraws an item. */
mc_err web_news_withdraw(api_req *r, mc_error *err);
/** /tin-cai-cach: the published news (public). */
mc_err web_news(api_req *r, mc_error *err);
/** /tin-cai-cach/{key}: one item (public). */
mc_err web_news_item(api_req *r, mc_error *err);
/** /tien-do-nhiem-vu: the tasks' public progress (public). */
mc_err web_task_progress(api_req *r, mc_error *err);
/* web_cchc_reports.c (periodic CCHC reports, issue 16) */
/** GET /can-bo/bao-cao-cchc?year=&kind= : the period (by default the report due next), the user's own unit's
 *  report, and for whoever reads units below, each unit's state and the count submitted. */
mc_err web_cchc_reports(api_req *r, mc_error *err);
/** GET /can-bo/bao-cao-cchc/{unit}/{year}/{kind}?xong= : a report: window and due day, the header and
 *  sections (a form while it may be written), the submission, the annex live or frozen, the files. */
mc_err web_cchc_report(api_req *r, mc_error *err);
/** POST /can-bo/bao-cao-cchc/{unit}/{year}/{kind} : saves the draft; the page again with what was typed and
 *  the message beside the field when refused. */
mc_err web_cchc_report_save(api_req *r, mc_error *err);
/** POST …/gui : saves what the form holds, then submits (the confirmation box ticked); refused: as for save. */
mc_err web_cchc_report_submit(api_req *r, mc_error *err);

/* PAR INDEX (web_parindex.c, issue 17) */
/** GET /can-bo/chi-so-cchc : the rounds the officer sees, and the opening form for the council's leaders. */
mc_err web_par_rounds(api_req *r, mc_error *err);
/** POST /can-bo/chi-so-cchc : opens a round. */
mc_err web_par_round_open(api_req *r, mc_error *err);
/** GET /can-bo/chi-so-cchc/{id} : a round's units, progress and ranking with its chart. */
mc_err web_par_round(api_req *r, mc_error *err);
/** POST /can-bo/chi-so-cchc/{id}/cong-bo : finalises the round (confirmation required). */
mc_err web_par_round_finalise(api_req *r, mc_error *err);
/** GET /can-bo/chi-so-cchc/{id}/{unit} : a unit's assessment with the forms the officer may use. */
mc_err web_par_unit(api_req *r, mc_error *err);
/** POST .../{unit}/diem, /minh-chung, /nop, /tham-dinh, /gui-tham-dinh, /giai-trinh : the steps of an assessment. */
mc_err web_par_self_score(api_req *r, mc_error *err);
mc_err web_par_evidence(api_req *r, mc_error *err);
mc_err web_par_submit(api_req *r, mc_error *err);
mc_err web_par_appraise(api_req *r, mc_error *err);
mc_err web_par_send(api_req *r, mc_error *err);
mc_err web_par_explain(api_req *r, mc_error *err);
/** GET /can-bo/the-diem/{unit}?from=&to= : a head of unit's scorecard across years. */
mc_err web_par_card(api_req *r, mc_error *err);
/* web_par_national.c (the province's national PAR INDEX and SIPAS, issue 17) */
/** GET /chi-so-cchc-quoc-gia?province= (public): the province's (by default Cao Bằng) value and rank per year in
 *  the national PAR INDEX and SIPAS: an SVG line chart per index and the table beside it. */
mc_err web_par_national(api_req *r, mc_error *err);

/* web_portal.c (issue 18) */
/** GET /can-bo/dong-bo-dvcqg?unit=&from=&to= : the dossiers not yet acknowledged by Cổng DVCQG, with why. */
mc_err web_portal_reconciliation(api_req *r, mc_error *err);
/* web_notify.c (notifications, issue 18) */
/** GET /thong-bao/huy?t= (public): the opt-out page of a message's link: a confirm button, or why the link is bad. */
mc_err web_notify_optout(api_req *r, mc_error *err);
/** POST /thong-bao/huy (t in the query or the form; also a mail program's one-click POST): opts the address out. */
mc_err web_notify_optout_post(api_req *r, mc_error *err);
/** GET /thong-bao : the user's notifications and how they want to receive them. */
mc_err web_notify_mine(api_req *r, mc_error *err);
/** POST /thong-bao/cach-nhan : saves the channels (checkboxes email, sms, inapp). */
mc_err web_notify_prefs(api_req *r, mc_error *err);
/** POST /thong-bao/{id}/da-doc : marks one notification read. */
mc_err web_notify_read(api_req *r, mc_error *err);
/** GET /quan-tri/thu-gui?state= : the administrator's outbox (dead, waiting or sent messages). */
mc_err web_admin_outbox(api_req *r, mc_error *err);
/** POST /quan-tri/thu-gui/{id}/gui-lai : sends a dead message again. */
mc_err web_admin_outbox_resend(api_req *r, mc_error *err);

#endif
