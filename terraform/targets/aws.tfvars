# Values of the AWS target. Your own values go in terraform/terraform.tfvars.
target = "aws"
