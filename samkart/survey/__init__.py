"""The chief-executive survey (rådmannsundersøkelsen): responses, their analysis, and the check of
the answers against the register."""

from samkart.survey.responses import Response, Responses, load_responses

__all__ = ["Response", "Responses", "load_responses"]
