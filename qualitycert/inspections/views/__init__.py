"""Views of the inspections app: bureau (staff.py), inspectors (inspector.py)
and the public (public.py)."""
