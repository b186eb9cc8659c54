/* survey_form.h - a SIPAS questionnaire as the domain reads it: its elements
 * (with their weights), its items on the 5-point satisfaction scale, and the
 * optional respondent profile questions. The questionnaire itself is data
 * (the JSON files of data/sipas, loaded by the API layer, which turns the JSON into a
 * survey_form); the store keeps the JSON as loaded and this structure in a
 * line format of its own, so that the domain needs no JSON reader:
 *
 *   V <version>            T <title>            M <min answers to be ranked>
 *   S <value 1..5> <label> (the scale, 5 lines)
 *   E <code> <weight> <name>                     (an element)
 *   I <code> <element code> <text>               (an item, in questionnaire order)
 *   P <code> <label>       O <value> <label>     (a profile question, then its options)
 *
 * one record a line, fields separated by TAB; texts never hold a TAB or a line end
 * (survey_form_check refuses them). */
#ifndef MC_SURVEY_FORM_H
#define MC_SURVEY_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

/** Points of the satisfaction scale: 1 Rất không hài lòng … 5 Rất hài lòng. */
#define SURVEY_SCALE 5
/** The lowest point counted as satisfied (Hài lòng, Rất hài lòng). */
#define SURVEY_SATISFIED_FROM 4
/** Bounds a questionnaire must keep (elements, items, profile questions, options of one question). */
#define SURVEY_MAX_ELEMENTS  16
#define SURVEY_MAX_ITEMS     100
#define SURVEY_MAX_QUESTIONS 32
#define SURVEY_MAX_OPTIONS   20

/** One element (yếu tố): its code, name and weight (> 0; weights are relative). */
typedef struct {
    const char *code, *name;
    double weight;
} survey_element;

/** One item (tiêu chí): its code (a CSV column), its element (index) and text. */
typedef struct {
    const char *code, *text;
    int element;
} survey_item;

/** An answer option: its value and label. */
typedef struct {
    int value;
    const char *label;
} survey_option;

/** A profile question (single choice, optional). */
typedef struct {
    const char *code, *label;
    survey_option *options;
    size_t nopt;
} survey_question;

/** A questionnaire. Strings and arrays live in the arena of the call that made it. */
typedef struct {
    const char *version, *title;
    int min_answers;                 /**< fewer answers: a unit is marked, not ranked */
    const char *scale[SURVEY_SCALE]; /**< labels of the points 1..5 */
    survey_element *elements;
    size_t nel;
    survey_item *items;
    size_t nitems;
    survey_question *profile;
    size_t nprofile;
} survey_form;

/** Checks a questionnaire: a version and title, 1..SURVEY_MAX_ELEMENTS elements with
 *  distinct codes and positive weights, 1..SURVEY_MAX_ITEMS items with distinct codes
 *  (letters, digits, '.', '_' or '-') each of an element, every element with an item,
 *  five scale labels, profile questions with distinct codes (not an item's, not
 *  "don_vi") and 1..SURVEY_MAX_OPTIONS options of distinct values, min_answers >= 1,
 *  no TAB or line end in any text. MC_ERR_INVALID naming the first fault. */
mc_err survey_form_check(const survey_form *f, mc_error *err);
/** The line format of f (checked first), in the arena. */
const char *survey_form_encode(arena *a, const survey_form *f);
/** Reads the line format into *out (strings in the arena) and checks it. */
mc_err survey_form_decode(arena *a, const char *text, survey_form *out, mc_error *err);
/** The index of the item with that code, or -1. */
int survey_form_item(const survey_form *f, const char *code);
/** The index of the profile question with that code, or -1. */
int survey_form_question(const survey_form *f, const char *code);
/** Whether value is an option of profile question q. */
bool survey_form_option_ok(const survey_form *f, int q, int value);

#endif
