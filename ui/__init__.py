"""Streamlit UI helpers of the business-case app (the calculation lives in ``calc``)."""
